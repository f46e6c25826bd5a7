package dev.cnnspec.runtime.exec;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's subsampling layer with pooling kept off oneDNN (see {@link NativePooling} for why). Max
 * pooling of a dense float NCHW input runs on {@link MaxPoolKernel}, whose forward pass in training
 * keeps each window's winning position (bytes in the activations workspace, beside the input they
 * belong to) so that backprop scatters the gradient instead of searching the windows again as
 * libnd4j's {@code maxpool2d_bp} does; other inputs and avg pooling keep libnd4j's ops. The
 * forward pass is overridden (M2.1's layer never asks a helper there); the backward pass goes
 * through the layer's helper slot, which DL4J consults first and falls back from when it returns
 * null. Same configuration, same parameters (none), same results as the layer it replaces.
 */
final class NativePoolingLayer extends SubsamplingLayer {
  private static final long serialVersionUID = 1L;

  /** The input the kept positions belong to (identity: DL4J hands the same array to backprop). */
  private transient INDArray argmaxInput;
  private transient INDArray argmax;
  private transient PoolWindows argmaxWindows;
  /** Backward passes {@link MaxPoolKernel} ran (a test's evidence that the kept positions were used). */
  private transient long hostBackwardPasses;

  NativePoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    helper = new Backward();
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
    forget();
    // Inference keeps libnd4j's forward, faster than the kernel's when no positions are kept.
    Optional<PoolWindows> windows = training ? hostWindows(conf, input) : Optional.empty();
    if (windows.isPresent()) {
      PoolWindows w = windows.get();
      long[] shape = {input.size(0), input.size(1), w.outH(), w.outW()};
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape, 'c');
      // In the activations workspace, as the input itself: it lives until backprop is done.
      INDArray positions = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.INT8, shape, 'c');
      MaxPoolKernel.forward(w, input.data().asNioFloat(), out.data().asNioFloat(), positions.data().asNio());
      argmaxInput = input;
      argmax = positions;
      argmaxWindows = w;
      return out;
    }
    String op = NativePooling.forwardOp(conf.getPoolingType());
    if (op == null || input == null || input.rank() != 4) {
      return super.activate(training, workspaceMgr); // its own checks and messages
    }
    INDArray in = input.castTo(dataType);
    int[] args = NativePooling.arguments(conf.getKernelSize(), conf.getStride(), conf.getPadding(),
        conf.getDilation(), conf.getConvolutionMode(), extra(conf), conf.getCnn2dDataFormat());
    long[] shape = NativePooling.outputShape(op, in, args);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
    NativePooling.exec(op, args, new INDArray[] {in}, out);
    return out;
  }

  /** The host kernel's windows for max pooling of a dense float NCHW input, else empty. */
  private static Optional<PoolWindows> hostWindows(org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf,
      INDArray input) {
    if (conf.getPoolingType() != PoolingType.MAX || input == null || input.rank() != 4
        || input.dataType() != DataType.FLOAT || !HostKernels.applies(input)) {
      return Optional.empty();
    }
    return PoolWindows.of(input.shape(), conf.getKernelSize(), conf.getStride(), conf.getPadding(),
        conf.getDilation(), conf.getConvolutionMode(), conf.getCnn2dDataFormat());
  }

  /**
   * Whether the training forward pass runs {@link MaxPoolKernel} and keeps positions, for a dense
   * float input large enough for one window (what {@code FastPathRules.keepsPoolWinners} states on
   * the model, for the memory estimate).
   */
  boolean keepsWinnersInTraining() {
    org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
    int[] k = conf.getKernelSize();
    long[] shape = {1, 1, Math.max(k[0], 1), Math.max(k[1], 1)};
    return conf.getPoolingType() == PoolingType.MAX && dataType == DataType.FLOAT && PoolWindows.of(shape, k,
        conf.getStride(), conf.getPadding(), conf.getDilation(), conf.getConvolutionMode(),
        conf.getCnn2dDataFormat()).isPresent();
  }

  /** True while positions from a training forward pass wait for backprop (for tests). */
  boolean keepsWinners() {
    return argmax != null;
  }

  long hostBackwardPasses() {
    return hostBackwardPasses;
  }

  private void forget() {
    argmaxInput = null;
    argmax = null;
    argmaxWindows = null;
  }

  @Override
  public void clear() {
    super.clear();
    forget();
  }

  /** DL4J's "extra" argument: avg pooling's legacy divisor switch, unused by max pooling. */
  private static int extra(org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf) {
    return conf.getPoolingType() == PoolingType.AVG && conf.isAvgPoolIncludePadInDivisor() ? 1 : 0;
  }

  /** The backward pass, in the slot DL4J reserves for cuDNN/oneDNN helpers. */
  private final class Backward implements SubsamplingHelper {
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel,
        int[] strides, int[] pad, PoolingType poolingType, ConvolutionMode convolutionMode, int[] dilation,
        CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
      if (poolingType == PoolingType.MAX && argmax != null && input == argmaxInput
          && java.util.Arrays.equals(epsilon.shape(), argmax.shape()) && epsilon.dataType() == DataType.FLOAT) {
        // A dense layer's epsilon arrives through the flatten pre-processor as a reshaped view,
        // which the kernel cannot address: one copy of the output-sized gradient.
        INDArray eps = HostKernels.applies(epsilon) ? epsilon : workspaceMgr.dup(ArrayType.BP_WORKING_MEM, epsilon, 'c');
        INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        MaxPoolKernel.backward(argmaxWindows, eps.data().asNioFloat(), argmax.data().asNio(),
            grad.data().asNioFloat());
        forget();
        hostBackwardPasses++;
        return new Pair<>(new DefaultGradient(), grad);
      }
      String op = NativePooling.backwardOp(poolingType);
      if (op == null) {
        return null;
      }
      int[] args = NativePooling.arguments(kernel, strides, pad, dilation, convolutionMode, extra(layerConf()), format);
      INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
      NativePooling.exec(op, args, new INDArray[] {input, epsilon}, grad);
      return new Pair<>(new DefaultGradient(), grad);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad,
        PoolingType poolingType, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return null; // never called by M2.1; null means "use the layer's own path"
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
      return Collections.emptyMap();
    }

    @Override
    public boolean checkSupported() {
      return true;
    }
  }
}
