package dev.cnnspec.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The checks every zoo network gets from DL4J: counts, a forward pass, a few training steps. */
final class Dl4jChecks {
  private Dl4jChecks() {}

  /** The generated constants equal the compiler's counts and DL4J's, counted without allocating. */
  static void constantsAgree(NetworkModel model) {
    GeneratedNetwork generated = GeneratedNetwork.of(model.name());
    assertEquals(model.totalParameters(), generated.parametersConstant(), "PARAMETERS constant");
    assertEquals(model.trainableParameters(), generated.trainableParametersConstant(), "trainable constant");
    assertEquals(model.totalParameters(), GeneratedNetwork.countWithoutAllocating(generated.configuration()),
        "DL4J's count of the configuration");
  }

  /** Builds the network; numParams() equals the generated constant. */
  static ComputationGraph built(NetworkModel model) {
    GeneratedNetwork generated = GeneratedNetwork.of(model.name());
    ComputationGraph graph = generated.build();
    assertEquals(generated.parametersConstant(), graph.numParams(), "build().numParams()");
    return graph;
  }

  /** A zero batch of two goes through and comes out with the shapes the checker inferred. */
  static void forwardPassMatchesInferredShapes(NetworkModel model, ComputationGraph graph) {
    Shape.Spatial in = (Shape.Spatial) model.inputs().get(0).shape();
    INDArray zeros = Nd4j.zeros(2, in.channels(), in.height(), in.width());
    INDArray[] outputs = graph.output(zeros);
    assertEquals(model.outputs().size(), outputs.length);
    for (int i = 0; i < outputs.length; i++) {
      Shape.Flat expected = (Shape.Flat) model.outputs().get(i).shape();
      assertArrayEquals(new long[] {2, expected.size()}, outputs[i].shape(), model.outputs().get(i).name());
    }
  }

  /** Ten steps on 256 real images lower the loss on those images (Adam or whatever the class sets). */
  static void lossGoesDown(ComputationGraph graph, DataSet batch) {
    double before = graph.score(batch);
    List<DataSet> minibatches = batch.batchBy(64);
    for (int epoch = 0; epoch < 3; epoch++) {
      for (DataSet mb : minibatches) {
        graph.fit(mb);
      }
    }
    double after = graph.score(batch);
    assertTrue(Double.isFinite(after), "loss became " + after);
    assertTrue(after < before, "loss " + before + " → " + after + " after 12 steps");
  }
}
