package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The computation of a {@link GroupedConvolution}: for each group, libnd4j's {@code conv2d} on the
 * group's input channels with the group's filters (weights in the [out, in, kh, kw] format, libnd4j's
 * {@code wFormat} 1, so the group's weights are a contiguous view of the layer's), and backward its
 * {@code conv2d_bp}, whose weight and bias gradients are copied into the group's part of the
 * layer's gradient view. libnd4j runs both on oneDNN where it has it, as DL4J's own convolution.
 * Padding: DL4J's {@code Same} mode is libnd4j's same mode (the smaller half before), Truncate the
 * layer's symmetric explicit padding.
 */
public class GroupedConvolutionLayer extends BaseLayer<GroupedConvolution> {

  public GroupedConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray z = preOutput(training, workspaceMgr);
    INDArray out = layerConf().getActivationFn().getActivation(z, training);
    return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
  }

  /** The convolution before the activation, [N, out, oh, ow]. */
  @Override
  protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    INDArray b = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
    int groups = layerConf().getGroups();
    long inPerGroup = input.size(1) / groups;
    long outPerGroup = w.size(0) / groups;
    int[] outSize = outputSize();
    INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
        new long[] {input.size(0), w.size(0), outSize[0], outSize[1]}, 'c');
    for (int g = 0; g < groups; g++) {
      INDArray x = channels(input, g * inPerGroup, (g + 1) * inPerGroup).dup('c');
      INDArray wg = dilated(group(w, groups, g));
      INDArray zg = Nd4j.createUninitialized(input.dataType(), input.size(0), outPerGroup, outSize[0], outSize[1]);
      INDArray[] in = b == null ? new INDArray[] {x, wg}
          : new INDArray[] {x, wg, group(b, groups, g).dup()};
      // The builder's addInputs and addOutputs replace what was added before: one call each.
      Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in).addOutputs(zg).addIntegerArguments(iArgs()).build());
      channels(z, g * outPerGroup, (g + 1) * outPerGroup).assign(zg);
    }
    return z;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    INDArray z = preOutput(true, workspaceMgr);
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    int groups = layerConf().getGroups();
    long inPerGroup = input.size(1) / groups;
    long outPerGroup = w.size(0) / groups;
    INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    INDArray biasGrad = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
    INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    for (int g = 0; g < groups; g++) {
      INDArray x = channels(input, g * inPerGroup, (g + 1) * inPerGroup).dup('c');
      INDArray wg = dilated(group(w, groups, g));
      INDArray dz = channels(delta, g * outPerGroup, (g + 1) * outPerGroup).dup('c');
      INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape());
      INDArray dw = Nd4j.createUninitialized(wg.dataType(), wg.shape());
      INDArray db = biasGrad == null ? null : Nd4j.createUninitialized(wg.dataType(), outPerGroup);
      // The bias's value does not enter its gradient; zeros stand in for it.
      INDArray[] in = db == null ? new INDArray[] {x, wg, dz}
          : new INDArray[] {x, wg, Nd4j.zeros(wg.dataType(), outPerGroup), dz};
      INDArray[] out = db == null ? new INDArray[] {dx, dw} : new INDArray[] {dx, dw, db};
      Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in).addOutputs(out).addIntegerArguments(iArgs())
          .build());
      channels(inputGrad, g * inPerGroup, (g + 1) * inPerGroup).assign(dx);
      group(weightGrad, groups, g).assign(undilated(dw));
      if (db != null) {
        group(biasGrad, groups, g).assign(db);
      }
    }
    Gradient gradient = new DefaultGradient();
    if (biasGrad != null) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(inputGrad));
  }

  /**
   * libnd4j's conv2d arguments: kernel, stride, padding, dilation 1, same mode, NCHW (0) and weights
   * [out, in, kh, kw] (1). The kernel is the dilated span: libnd4j 1.0.0-M2.1's oneDNN conv2d fails
   * on float data with any dilation ("could not create a descriptor for a dilated convolution forward
   * propagation primitive", measured), so a dilated kernel is passed as the undilated kernel of its
   * span with zeros between the taps ({@link #dilated}), which computes the same sums. The spreading
   * is done on Java arrays: ND4J 1.0.0-M2.1's strided and point indexing of small kernels failed
   * (a strided interval over a span of 1 is refused, point views of a [1, 1, k, k] kernel had no
   * buffer; both measured), and a dilated grouped kernel has few weights.
   */
  private int[] iArgs() {
    GroupedConvolution c = layerConf();
    boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
    int[] k = c.getKernelSize();
    int[] s = c.getStride();
    int[] p = same ? new int[] {0, 0} : c.getPadding();
    int[] d = c.getDilation();
    return new int[] {span(k[0], d[0]), span(k[1], d[1]), s[0], s[1], p[0], p[1], 1, 1, same ? 1 : 0, 0, 1};
  }

  private static int span(int kernel, int dilation) {
    return (kernel - 1) * dilation + 1;
  }

  /** The group's kernel, C order, spread over its dilated span with zeros between the taps. */
  private INDArray dilated(INDArray kernel) {
    int[] d = layerConf().getDilation();
    if (d[0] == 1 && d[1] == 1) {
      return kernel.dup('c');
    }
    long[] shape = kernel.shape();
    int kh = (int) shape[2];
    int kw = (int) shape[3];
    int sh = span(kh, d[0]);
    int sw = span(kw, d[1]);
    double[] taps = kernel.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] spread = new double[(int) (shape[0] * shape[1]) * sh * sw];
    for (int m = 0; m < shape[0] * shape[1]; m++) {
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++) {
          spread[(m * sh + i * d[0]) * sw + j * d[1]] = taps[(m * kh + i) * kw + j];
        }
      }
    }
    return Nd4j.create(spread, new long[] {shape[0], shape[1], sh, sw}, DataType.DOUBLE).castTo(kernel.dataType());
  }

  /** The gradient of the taps, from the gradient of the spread kernel. */
  private INDArray undilated(INDArray spreadGradient) {
    int[] d = layerConf().getDilation();
    if (d[0] == 1 && d[1] == 1) {
      return spreadGradient;
    }
    int[] k = layerConf().getKernelSize();
    long[] shape = spreadGradient.shape();
    int sh = (int) shape[2];
    int sw = (int) shape[3];
    double[] spread = spreadGradient.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] taps = new double[(int) (shape[0] * shape[1]) * k[0] * k[1]];
    for (int m = 0; m < shape[0] * shape[1]; m++) {
      for (int i = 0; i < k[0]; i++) {
        for (int j = 0; j < k[1]; j++) {
          taps[(m * k[0] + i) * k[1] + j] = spread[(m * sh + i * d[0]) * sw + j * d[1]];
        }
      }
    }
    return Nd4j.create(taps, new long[] {shape[0], shape[1], k[0], k[1]}, DataType.DOUBLE)
        .castTo(spreadGradient.dataType());
  }

  private int[] outputSize() {
    GroupedConvolution c = layerConf();
    return ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(),
        c.getConvolutionMode() == ConvolutionMode.Same ? null : c.getPadding(), c.getConvolutionMode(),
        c.getDilation(), c.getCnn2dDataFormat());
  }

  private void checkInput() {
    long expected = layerConf().getNIn();
    if (input.rank() != 4 || input.size(1) != expected) {
      throw new IllegalStateException("GroupedConvolution layer \"" + layerConf().getLayerName()
          + "\" expects an NCHW input with " + expected + " channels, got shape "
          + java.util.Arrays.toString(input.shape()));
    }
  }

  /**
   * Group g's part of a weight, weight gradient or bias (whose first dimension is the filters, in
   * group order), as a view in the array's own shape: row g of the C-order array seen as [groups, …].
   * ({@code get(interval(…), all(), …)} on the last group of a weight collapsed it to a scalar in
   * ND4J 1.0.0-M2.1, measured.)
   */
  private static INDArray group(INDArray a, int groups, int g) {
    long[] shape = a.shape().clone();
    shape[0] /= groups;
    return a.reshape('c', groups, a.length() / groups).getRow(g).reshape('c', shape);
  }

  /** The view {@code x[:, from:to, :, :]}. */
  private static INDArray channels(INDArray x, long from, long to) {
    return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
  }

  @Override
  public Type type() {
    return Type.CONVOLUTIONAL;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }
}
