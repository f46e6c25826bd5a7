package dev.cnnspec.runtime.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The exact GELU, x · Φ(x) = x · (1 + erf(x / √2)) / 2: PyTorch's {@code GELU()} and Keras's
 * {@code gelu} defaults. DL4J's {@code ActivationGELU} is an approximation either way
 * ({@code precise=false}: x · σ(1.702·x); {@code precise=true}: measured 0.8314 at x = 1 where
 * Φ(1) = 0.8413), off by up to 0.02, so it is not used. Derivative Φ(x) + x · φ(x). In place, as
 * DL4J's activations.
 */
public final class Gelu extends BaseActivationFunction {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    return in.muli(cdf(in));
  }

  /** Φ(x) = (1 + erf(x / √2)) / 2, a new array. */
  private static INDArray cdf(INDArray x) {
    INDArray scaled = x.mul(SQRT_HALF);
    Nd4j.exec(new Erf(scaled, scaled));
    return scaled.addi(1).muli(0.5);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray density = Transforms.exp(in.mul(in).muli(-0.5), false).muli(INV_SQRT_2PI);
    INDArray slope = cdf(in).addi(density.muli(in));
    return new Pair<>(epsilon.muli(slope), null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gelu;
  }

  @Override
  public int hashCode() {
    return Gelu.class.hashCode();
  }

  @Override
  public String toString() {
    return "gelu";
  }
}
