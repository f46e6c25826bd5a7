package dev.cnnspec.runtime.layers;

import dev.cnnspec.runtime.exec.HostKernels;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The max-feature-map computation configured by {@link MaxFeatureMap}. Forward: {@code out =
 * max(x[:, :C/2], x[:, C/2:])} along dimension 1 (channels of NCHW, or units). Backward: the
 * gradient of each output goes, undivided, to whichever half held the maximum (the first half on a
 * tie), and zero to the other; that is the sub-gradient of max and what the MFM paper trains with.
 */
public class MaxFeatureMapLayer extends AbstractLayer<MaxFeatureMap> {

  public MaxFeatureMapLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    long half = half(input);
    long[] outShape = input.shape().clone();
    outShape[1] = half;
    if (HostKernels.applies(input)) {
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), outShape, 'c');
      MaxFeatureMapKernel.forward(input, out);
      return out;
    }
    INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), outShape, 'c');
    Nd4j.exec(new Max(slice(input, 0, half), slice(input, half, 2 * half), out));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    long half = half(input);
    if (HostKernels.applies(input, epsilon)) {
      INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), input.shape(), 'c');
      MaxFeatureMapKernel.backward(input, epsilon, grad);
      return new Pair<>(new DefaultGradient(), grad);
    }
    INDArray first = slice(input, 0, half);
    INDArray second = slice(input, half, 2 * half);
    // Strictly greater, so that a tie routes the gradient to the first half.
    INDArray secondWins = second.gt(first).castTo(epsilon.dataType());
    INDArray grad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), input.shape(), 'c');
    slice(grad, half, 2 * half).assign(epsilon.mul(secondWins));
    slice(grad, 0, half).assign(epsilon.mul(secondWins.rsubi(1.0)));
    return new Pair<>(new DefaultGradient(), grad);
  }

  /** Half the count along dimension 1; an odd count slipped past configuration is refused here too. */
  private long half(INDArray x) {
    if (x.rank() != 2 && x.rank() != 4) {
      throw new IllegalStateException("MaxFeatureMap layer \"" + layerConf().getLayerName()
          + "\" expects a rank 2 (feed-forward) or rank 4 (NCHW) input, got shape "
          + java.util.Arrays.toString(x.shape()));
    }
    long count = x.size(1);
    if (count % 2 != 0) {
      throw new IllegalStateException("MaxFeatureMap layer \"" + layerConf().getLayerName()
          + "\" needs an even number of channels or units, got " + count);
    }
    return count / 2;
  }

  /** The view {@code x[:, from:to]} (plus all spatial positions for rank 4). */
  private static INDArray slice(INDArray x, long from, long to) {
    INDArrayIndex[] index = new INDArrayIndex[x.rank()];
    for (int d = 0; d < index.length; d++) {
      index[d] = NDArrayIndex.all();
    }
    index[1] = NDArrayIndex.interval(from, to);
    return x.get(index);
  }

  @Override
  public Type type() {
    return input != null && input.rank() == 4 ? Type.CONVOLUTIONAL : Type.FEED_FORWARD;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
    // No parameters, so no noise on them.
  }

  @Override
  public double calcRegularizationScore(boolean backpropParamsOnly) {
    return 0;
  }

  @Override
  public INDArray params() {
    return null;
  }
}
