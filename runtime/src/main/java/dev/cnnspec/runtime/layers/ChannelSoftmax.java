package dev.cnnspec.runtime.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax over dimension 1: the units of a [N, n] array, the channels of an NCHW [N, C, H, W] one,
 * so one distribution over the classes per pixel. The language's softmax is over the last axis of
 * the [H, W, C] tensor it describes, as Keras's {@code Softmax(axis=-1)} and PyTorch's
 * {@code Softmax(dim=1)} on NCHW are. DL4J M2.1's own {@code SOFTMAX} activation reduces over the
 * array's last dimension, which on a convolution's NCHW output is the width: a per-pixel head ending
 * in {@code conv(k, 1, activation: softmax)} would normalise each image row instead (measured, and
 * {@code ChannelSoftmaxTest} shows it). The back ends use this activation for a softmax whose tensor
 * is spatial and DL4J's own elsewhere; {@code CnnLossLayer} needs neither, since it reshapes to
 * [N·H·W, C] before applying its activation.
 */
public final class ChannelSoftmax extends BaseActivationFunction {

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    return in.assign(softmax(in));
  }

  /**
   * The softmax of {@code in} over dimension 1, in a new array. A 4-d array goes through
   * [N·H·W, C] rows, as DL4J's {@code CnnLossLayer} does: ND4J's {@code SoftMax} op along dimension
   * 1 of an NCHW float array gives wrong values on the oneDNN path (measured: channel sums 0.95),
   * while its softmax of rows is right on every path.
   */
  static INDArray softmax(INDArray in) {
    if (in.rank() != 4) {
      INDArray out = in.dup();
      Nd4j.exec(new SoftMax(out, out, 1));
      return out;
    }
    long n = in.size(0);
    long c = in.size(1);
    long h = in.size(2);
    long w = in.size(3);
    INDArray rows = in.permute(0, 2, 3, 1).dup('c').reshape('c', n * h * w, c);
    Nd4j.exec(new SoftMax(rows, rows, 1));
    return rows.reshape('c', n, h, w, c).permute(0, 3, 1, 2);
  }

  /** dL/dx = y ⊙ (ε − Σ_c ε ⊙ y), per example and pixel. */
  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray out = softmax(in);
    INDArray dot = epsilon.mul(out).sum(true, 1).broadcast(epsilon.shape());
    return new Pair<>(epsilon.subi(dot).muli(out), null);
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
    return "softmax(channels)";
  }
}
