package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training score of {@link NativeOutputLayer}, which reads the pre-activation its backprop
 * computed, against the score DL4J computes from a fresh forward pass ({@code graph.score(batch,
 * true)}: no backprop, so the layer computes its pre-activation again), step after step with the
 * weights changing in between: equal to the bit, and the reuse must really happen.
 */
class NativeOutputLayerTest {

  @Test
  void trainingScoreFromBackpropsPreActivationEqualsAFreshScore() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    ComputationGraph graph = PathSwitch.FAST.run(() -> FastPath.optimise(PathSwitch.FAST.build(FastPathNetworks.lenet5(5))));
    NativeOutputLayer output = assertInstanceOf(NativeOutputLayer.class, graph.getLayer("probs"));
    for (int step = 0; step < 3; step++) {
      DataSet batch = batch(8, step);
      double fromBackprop = PathSwitch.FAST.run(() -> {
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        graph.computeGradientAndScore();
        return graph.score();
      });
      double fresh = PathSwitch.FAST.run(() -> graph.score(batch, true));
      assertEquals(fresh, fromBackprop, 0.0, "step " + step);
      PathSwitch.FAST.run(() -> {
        graph.fit(batch);
        return null;
      });
    }
    assertEquals(6, output.reusedPreOutputs(), "each computeGradientAndScore and fit must reuse backprop's pre-activation");
  }

  private static DataSet batch(int n, long seed) {
    return RandomBatches.of(n, 1, 32, 10, 40 + seed);
  }

}
