package dev.cnnspec.runtime.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * min(max(x / 6 + 1/2, 0), 1): PyTorch's {@code Hardsigmoid} and Keras 3's {@code hard_sigmoid}, the
 * gate of MobileNetV3. DL4J's own {@code HARDSIGMOID} is Keras 2's 0.2·x + 0.5, a different function,
 * hence this one. Its derivative is 1/6 inside (−3, 3) and 0 outside. Like DL4J's activations it
 * works in place on the array it is given.
 */
public final class HardSigmoid extends BaseActivationFunction {

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    return apply(in);
  }

  /** hard_sigmoid of {@code in}, in place. */
  static INDArray apply(INDArray in) {
    return Transforms.min(Transforms.max(in.muli(1.0 / 6).addi(0.5), 0.0, false), 1.0, false);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray inside = Transforms.abs(in, true).lt(3.0).castTo(in.dataType());
    return new Pair<>(epsilon.muli(inside.muli(1.0 / 6)), null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HardSigmoid;
  }

  @Override
  public int hashCode() {
    return HardSigmoid.class.hashCode();
  }

  @Override
  public String toString() {
    return "hard_sigmoid";
  }
}
