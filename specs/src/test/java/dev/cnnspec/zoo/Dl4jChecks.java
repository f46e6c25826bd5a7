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
    return built(GeneratedNetwork.of(model.name()));
  }

  /** Builds the network; numParams() equals the generated constant. */
  static ComputationGraph built(GeneratedNetwork generated) {
    ComputationGraph graph = generated.build();
    assertEquals(generated.parametersConstant(), graph.numParams(),
        generated.type().getSimpleName() + ".builder().build().numParams()");
    return graph;
  }

  /** A zero batch of two goes through and comes out with the shapes the checker inferred. */
  static void forwardPassMatchesInferredShapes(NetworkModel model, ComputationGraph graph) {
    forwardPassMatchesInferredShapes(model, graph, 2);
  }

  /**
   * A zero batch of {@code batch} at every input's shape (NCHW for images, in the order the graph
   * takes its inputs) goes through and comes out with the shapes the checker inferred; returns the
   * outputs so that callers can check more without a second, for big networks costly, pass.
   */
  static INDArray[] forwardPassMatchesInferredShapes(NetworkModel model, ComputationGraph graph, int batch) {
    INDArray[] inputs = model.inputs().stream().map(i -> zeros(batch, i.shape())).toArray(INDArray[]::new);
    INDArray[] outputs = graph.output(inputs);
    assertEquals(model.outputs().size(), outputs.length, model.name() + "'s outputs");
    for (int i = 0; i < outputs.length; i++) {
      assertArrayEquals(batched(batch, model.outputs().get(i).shape()), outputs[i].shape(),
          model.name() + "." + model.outputs().get(i).name());
    }
    return outputs;
  }

  /** The DL4J array shape of a batch of {@code shape}: [n, c, h, w] or [n, units]. */
  static long[] batched(int batch, Shape shape) {
    if (shape instanceof Shape.Spatial s) {
      return new long[] {batch, s.channels(), s.height(), s.width()};
    }
    return new long[] {batch, ((Shape.Flat) shape).size()};
  }

  private static INDArray zeros(int batch, Shape shape) {
    return Nd4j.zeros(batched(batch, shape));
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
