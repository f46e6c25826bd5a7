package dev.cnnspec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.zoo.LeNet5;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bench's generated / hand-written ratio compares like with like: {@link HandWrittenLeNet5}
 * and the generated {@link LeNet5} have the same parameters, start from the same weights with the
 * same seed and compute the same probabilities, so a speed difference can only come from how the
 * graph is built, not from a different network.
 */
class HandWrittenLeNet5Test {

  @Test
  void sameNetworkSameWeightsSameOutputs() {
    ComputationGraph generated = new ComputationGraph(LeNet5.builder().seed(42).configuration());
    generated.init();
    ComputationGraph hand = new ComputationGraph(HandWrittenLeNet5.configuration(42));
    hand.init();

    // 6·(25·1 + 1) + 16·(25·6 + 1) + (400·120 + 120) + (120·84 + 84) + (84·10 + 10)
    long expected = 156 + 2_416 + 48_120 + 10_164 + 850;
    assertEquals(expected, hand.numParams());
    assertEquals(expected, generated.numParams());
    assertEquals(generated.params(), hand.params(), "same seed and initialiser, same initial weights");

    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 32, 32);
    INDArray a = generated.outputSingle(false, x);
    INDArray b = hand.outputSingle(false, x);
    assertTrue(a.equalsWithEps(b, 1e-6), () -> "outputs differ:\n" + a + "\n" + b);
  }

  /**
   * The variant with the flatten as a vertex of its own is the generated configuration itself, so
   * that a speed difference between it and the generated class is one between two instances.
   */
  @Test
  void flattenVertexVariantIsTheGeneratedConfiguration() {
    String generated = LeNet5.builder().seed(42).configuration().toJson();
    assertEquals(generated, HandWrittenLeNet5.configuration(42, true).toJson());
    assertNotEquals(generated, HandWrittenLeNet5.configuration(42, false).toJson(),
        "the plain hand-written graph keeps the flatten inside the dense layer's vertex");
  }
}
