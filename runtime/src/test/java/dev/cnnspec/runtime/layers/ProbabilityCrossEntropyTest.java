package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Saturated probabilities behind an identity: DL4J's MCXENT gives NaN, ours Keras' clipped value. */
class ProbabilityCrossEntropyTest {
  private static final INDArray LABELS = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {1, 0, 0}});
  private static final INDArray SATURATED = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {1, 0, 0}});

  @Test
  void dl4jsOwnLossIsNotFiniteOnSaturatedProbabilities() {
    ILossFunction dl4j = new LossMCXENT();
    double score = dl4j.computeScore(LABELS, SATURATED.dup(), new ActivationIdentity(), null, true);
    INDArray gradient = dl4j.computeGradient(LABELS, SATURATED.dup(), new ActivationIdentity(), null);
    assertFalse(Double.isFinite(score) && Double.isFinite(gradient.sumNumber().doubleValue()),
        "DL4J's MCXENT was finite: the reason for ProbabilityCrossEntropy is gone");
  }

  @Test
  void clipsAsKerasDoes() {
    ILossFunction ours = new ProbabilityCrossEntropy();
    double score = ours.computeScore(LABELS, SATURATED.dup(), new ActivationIdentity(), null, true);
    // Keras: mean over examples of -log(clip(p, 1e-7, 1 - 1e-7)) of the labelled class
    double keras = (-Math.log(1e-7) - Math.log(1 - 1e-7)) / 2;
    assertEquals(keras, score, 1e-4);
    INDArray gradient = ours.computeGradient(LABELS, SATURATED.dup(), new ActivationIdentity(), null);
    assertTrue(Double.isFinite(gradient.sumNumber().doubleValue()));
  }

  @Test
  void unsaturatedProbabilitiesScoreAsDl4jDoes() {
    INDArray p = Nd4j.createFromArray(new float[][] {{0.2f, 0.5f, 0.3f}, {0.6f, 0.3f, 0.1f}});
    double dl4j = new LossMCXENT().computeScore(LABELS, p.dup(), new ActivationIdentity(), null, true);
    double ours = new ProbabilityCrossEntropy().computeScore(LABELS, p.dup(), new ActivationIdentity(), null, true);
    assertEquals(dl4j, ours, 1e-6);
    assertEquals(DataType.FLOAT, p.dataType());
  }
}
