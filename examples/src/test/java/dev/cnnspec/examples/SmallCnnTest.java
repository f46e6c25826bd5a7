package dev.cnnspec.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The interface-defined network: counted by hand, built, run. */
class SmallCnnTest {

  @Test
  void parameterCountsAreTheHandCountedOnes() {
    long conv1 = 16 * (3 * 3 * 1 + 1);
    long bn = 4 * 16;
    long conv2 = 32 * (3 * 3 * 16 + 1);
    long dense1 = 7 * 7 * 32 * 64 + 64;
    long dense2 = 64 * 10 + 10;
    long total = conv1 + bn + conv2 + dense1 + dense2;
    assertEquals(105_930, total);
    assertEquals(total, SmallCnn.TOTAL_PARAMETERS);
    assertEquals(total - 2 * 16, SmallCnn.TRAINABLE_PARAMETERS, "running mean and variance are not trained");
  }

  @Test
  void buildsAndRunsAZeroBatch() {
    ComputationGraph graph = SmallCnn.builder().build();
    assertEquals(SmallCnn.TOTAL_PARAMETERS, graph.numParams());
    assertArrayEquals(new long[] {2, 10}, graph.output(Nd4j.zeros(2, 1, 28, 28))[0].shape());
  }
}
