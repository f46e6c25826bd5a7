package dev.cnnspec.runtime.exec.bench;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max-feature-map forward and backward, hand-written (DL4J's lambda layers double the input
 * gradient and its subset vertex miscounts CNN channels). The gradient goes to the larger half
 * (libnd4j's {@code maximum_bp}).
 */
final class MfmLayer extends AbstractLayer<Mfm> {
  private static final long serialVersionUID = 1L;

  MfmLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Type type() {
    return Type.FEED_FORWARD;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    long half = input.size(1) / 2;
    INDArray a = input.get(channels(0, half));
    INDArray b = input.get(channels(half, 2 * half));
    long[] shape = input.shape().clone();
    shape[1] = half;
    INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), shape, 'c');
    Nd4j.exec(new Max(a, b, out));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    assertInputSet(true);
    long half = input.size(1) / 2;
    INDArray a = input.get(channels(0, half));
    INDArray b = input.get(channels(half, 2 * half));
    INDArray grad = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    // One libnd4j op writing both halves of the input gradient in place (profiled: the seven-op
    // mask/multiply/assign version took 17% of a Light CNN training step on its own).
    Nd4j.exec(DynamicCustomOp.builder("maximum_bp")
        .addInputs(a, b, epsilon)
        .addOutputs(grad.get(channels(0, half)), grad.get(channels(half, 2 * half)))
        .build());
    return new Pair<>(new DefaultGradient(), grad);
  }

  private INDArrayIndex[] channels(long from, long to) {
    INDArrayIndex[] index = new INDArrayIndex[input.rank()];
    for (int i = 0; i < index.length; i++) {
      index[i] = NDArrayIndex.all();
    }
    index[1] = NDArrayIndex.interval(from, to);
    return index;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {}

  @Override
  public INDArray params() {
    return null;
  }

  @Override
  public double calcRegularizationScore(boolean backpropParamsOnly) {
    return 0;
  }
}
