package dev.cnnspec.runtime.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax over the channels of an NCHW activation (dimension 1), the language's softmax of a spatial
 * tensor (Keras's {@code axis=-1} in NHWC, ONNX's {@code Softmax(axis=1)}). DL4J's own softmax
 * activation works over the last dimension, which in NCHW is the width: a convolution with
 * {@code activation: softmax}, or a stand-alone softmax of a spatial tensor, normalised each row of
 * pixels (found by the differential property's ONNX stage). Used for spatial tensors only; on a flat
 * tensor dimension 1 is the last, and DL4J's softmax is kept. Like DL4J's activations it works in
 * place on the array it is given.
 */
public final class ChannelSoftmax extends BaseActivationFunction {

  // Written out with reductions over dimension 1 rather than ND4J's softmax op with a dimension:
  // in float, M2.1's op (with the oneDNN natives) gave wrong values for dimension 1 of a rank-4 array.
  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    in.subi(in.max(true, 1));
    Transforms.exp(in, false);
    return in.divi(in.sum(true, 1));
  }

  /** dL/dx = y · (dL/dy − Σ_c dL/dy · y) with y the softmax of {@code in}. */
  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray y = getActivation(in, true);
    INDArray projected = epsilon.mul(y).sum(true, 1);
    return new Pair<>(y.muli(epsilon.sub(projected)), null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelSoftmax;
  }

  @Override
  public int hashCode() {
    return ChannelSoftmax.class.hashCode();
  }

  @Override
  public String toString() {
    return "channel_softmax";
  }
}
