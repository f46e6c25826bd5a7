package dev.cnnspec.runtime.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * x · hard_sigmoid(x) ({@link HardSigmoid}): PyTorch's {@code Hardswish}, MobileNetV3's
 * nonlinearity; DL4J has none. Derivative 0 below −3, 1 above 3, (2x + 3) / 6 between. In place,
 * as DL4J's activations.
 */
public final class HardSwish extends BaseActivationFunction {

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    INDArray gate = HardSigmoid.apply(in.dup());
    return in.muli(gate);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray inside = Transforms.abs(in, true).lt(3.0).castTo(in.dataType());
    INDArray above = in.gte(3.0).castTo(in.dataType());
    INDArray slope = in.mul(1.0 / 3).addi(0.5).muli(inside).addi(above);
    return new Pair<>(epsilon.muli(slope), null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HardSwish;
  }

  @Override
  public int hashCode() {
    return HardSwish.class.hashCode();
  }

  @Override
  public String toString() {
    return "hard_swish";
  }
}
