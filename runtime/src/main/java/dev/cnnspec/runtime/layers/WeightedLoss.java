package dev.cnnspec.runtime.layers;

import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss scaled by a constant weight: score and gradient are {@code weight ×} those of the wrapped
 * loss. A ComputationGraph minimises the plain sum of its output losses, so this is how an output
 * head counts for less than the others (GoogLeNet's auxiliary classifiers, weight 0.3), as Keras's
 * {@code loss_weights} do.
 *
 * <p>A bean with a no-argument constructor and getters/setters, and its inner loss carries DL4J's
 * {@code @class} type id: configurations holding it serialise to JSON and back like any DL4J loss.
 */
public class WeightedLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  private ILossFunction inner;
  private double weight;

  /** For Jackson. */
  public WeightedLoss() {}

  public WeightedLoss(ILossFunction inner, double weight) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("loss weight must be finite and non-negative, got " + weight);
    }
    this.weight = weight;
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    return weight * inner.computeScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return inner.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return inner.computeGradient(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    Pair<Double, INDArray> p = inner.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
    return new Pair<>(weight * p.getFirst(), p.getSecond().muli(weight));
  }

  @Override
  public String name() {
    return "weighted(" + inner.name() + ", " + weight + ")";
  }

  public ILossFunction getInner() {
    return inner;
  }

  public void setInner(ILossFunction inner) {
    this.inner = inner;
  }

  public double getWeight() {
    return weight;
  }

  public void setWeight(double weight) {
    this.weight = weight;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightedLoss w && Double.compare(w.weight, weight) == 0
        && Objects.equals(w.inner, inner);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inner, weight);
  }

  @Override
  public String toString() {
    return "WeightedLoss(" + inner + ", weight=" + weight + ")";
  }
}
