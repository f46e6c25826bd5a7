package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J as the oracle of the checker: every layer's activation has the shape the checker inferred,
 * DL4J counts the same parameters, and a backward pass (where DL4J's own padding errors surface
 * for pooling) gives a finite loss and finite gradients.
 */
public final class Dl4jOracle {
  private Dl4jOracle() {}

  /** Builds the interpreter's network and runs every check; returns it for more. */
  public static ComputationGraph agrees(NetworkModel model) {
    ComputationGraph graph = Dl4jGraphFactory.network(model, 42, new org.nd4j.linalg.learning.config.Sgd(0.01));
    assertEquals(model.totalParameters(), graph.numParams(), "DL4J numParams() of " + model.name());
    everyLayerHasItsInferredShape(model, graph);
    backwardPassIsFinite(model, graph);
    return graph;
  }

  public static void everyLayerHasItsInferredShape(NetworkModel model, ComputationGraph graph) {
    int batch = 2;
    Nd4j.getRandom().setSeed(1);
    INDArray[] inputs = model.inputs().stream().map(i -> Nd4j.rand(batched(batch, i.shape()))).toArray(INDArray[]::new);
    Map<String, INDArray> activations = graph.feedForward(inputs, false);
    for (LayerModel layer : model.layers()) {
      INDArray a = activations.get(layer.name());
      assertTrue(a != null, "no activation for " + layer.name());
      assertArrayEquals(batched(batch, layer.outputShape()), a.shape(), layer.name() + " " + layer.op());
    }
  }

  public static void backwardPassIsFinite(NetworkModel model, ComputationGraph graph) {
    int batch = 2;
    Nd4j.getRandom().setSeed(2);
    graph.setInputs(model.inputs().stream().map(i -> Nd4j.rand(batched(batch, i.shape()))).toArray(INDArray[]::new));
    INDArray[] labels = new INDArray[model.outputs().size()];
    for (int i = 0; i < labels.length; i++) {
      OutputModel head = model.outputs().get(i);
      INDArray y = Nd4j.zeros(batched(batch, head.shape()));
      if (head.shape() instanceof Shape.Flat f) {
        for (int row = 0; row < batch; row++) {
          y.putScalar(row, row % f.size(), 1.0);
        }
      }
      labels[i] = y;
    }
    graph.setLabels(labels);
    graph.computeGradientAndScore();
    assertTrue(Double.isFinite(graph.score()), "loss " + graph.score());
    INDArray gradient = graph.gradient().gradient();
    assertTrue(gradient == null || !gradient.isNaN().any() && !gradient.isInfinite().any(), "gradients not finite");
  }

  /** [n, c, h, w] or [n, units]. */
  public static long[] batched(int batch, Shape shape) {
    if (shape instanceof Shape.Spatial s) {
      return new long[] {batch, s.channels(), s.height(), s.width()};
    }
    return new long[] {batch, ((Shape.Flat) shape).size()};
  }
}
