package dev.cnnspec.runtime.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Cross-entropy of probabilities computed upstream (a per-pixel head whose softmax is in the layer
 * before the loss, so the loss layer's own activation is the identity), with the probabilities
 * clipped to [ε, 1 − ε] as Keras' {@code categorical_crossentropy} does with {@code from_logits=False}.
 * DL4J's {@code LossMCXENT} clips only when its own activation is a softmax; behind an identity a
 * saturated softmax gives exact zeros and the score log 0 and gradient 0 · ∞ are NaN (found by the
 * differential property, r32: inputs scaled by 100 by two dropouts, then a 1×1 conv with softmax).
 * With any other activation this is DL4J's {@code LossMCXENT} unchanged.
 */
public final class ProbabilityCrossEntropy extends LossMCXENT {
  /** Keras' backend epsilon. */
  static final double EPSILON = 1e-7;

  private static INDArray clipped(INDArray probabilities, IActivation activation) {
    if (!(activation instanceof ActivationIdentity)) {
      return probabilities;
    }
    return Transforms.min(Transforms.max(probabilities, EPSILON, true), 1 - EPSILON, false);
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    return super.computeScore(labels, clipped(preOutput, activationFn), activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return super.computeScoreArray(labels, clipped(preOutput, activationFn), activationFn, mask);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return super.computeGradient(labels, clipped(preOutput, activationFn), activationFn, mask);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    INDArray p = clipped(preOutput, activationFn);
    return new Pair<>(super.computeScore(labels, p, activationFn, mask, average),
        super.computeGradient(labels, p, activationFn, mask));
  }

  @Override
  public String name() {
    return "ProbabilityCrossEntropy";
  }

  @Override
  public String toString() {
    return "ProbabilityCrossEntropy()";
  }
}
