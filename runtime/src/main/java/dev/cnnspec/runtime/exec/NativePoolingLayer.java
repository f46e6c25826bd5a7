package dev.cnnspec.runtime.exec;

import java.util.Collections;
import java.util.Map;
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
 * DL4J's subsampling layer with pooling kept off oneDNN (see {@link NativePooling} for why). The
 * forward pass is overridden (M2.1's layer never asks a helper there); the backward pass goes
 * through the layer's helper slot, which DL4J consults first and falls back from when it returns
 * null. Same configuration, same parameters (none), same results as the layer it replaces.
 */
final class NativePoolingLayer extends SubsamplingLayer {
  private static final long serialVersionUID = 1L;

  NativePoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    helper = new Backward();
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
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
