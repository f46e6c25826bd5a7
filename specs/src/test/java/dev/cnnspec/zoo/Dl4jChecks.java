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

  /**
   * Three passes over a small batch of real images, in minibatches of 16: the training loss averaged
   * over the last pass is below the first pass's. Training-mode losses, because with batch norm the
   * inference-mode loss after a dozen steps mostly measures running statistics that have not
   * settled yet (decay 0.9), not learning.
   */
  static void lossGoesDown(ComputationGraph graph, DataSet batch) {
    List<DataSet> minibatches = batch.batchBy(16);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int pass = 0; pass < 3; pass++) {
      double sum = 0;
      for (DataSet mb : minibatches) {
        graph.fit(mb);
        sum += graph.score();
      }
      last = sum / minibatches.size();
      if (pass == 0) {
        first = last;
      }
    }
    assertTrue(Double.isFinite(last), "loss became " + last);
    assertTrue(last < first, "mean training loss " + first + " in the first pass, " + last + " in the third");
  }
}
