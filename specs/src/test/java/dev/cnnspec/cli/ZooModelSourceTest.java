package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.Shape;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code cnn train LightCNN --set …} resolves the generated zoo class exactly as the spec file:
 * the input the data is fitted to and the heads' class counts come from the model re-checked with
 * the values set. It used to read the class's build-time constants, so {@code --set height=32
 * --set width=32} crashed in DL4J ("Invalid input, does not match configuration") and
 * {@code --set channels=3} silently trained on 1-channel images.
 */
class ZooModelSourceTest {

  private static ModelSource.Resolved resolve(Map<String, String> overrides) {
    return ModelSource.resolve("LightCNN", null, overrides, 42);
  }

  /** The shape of the only output for one random image of the given size (NCHW, as the data arrives). */
  private static List<Long> forward(ModelSource.Resolved r, int h, int w, int c) {
    ComputationGraph graph = new ComputationGraph(r.configuration());
    graph.init();
    long[] shape = graph.outputSingle(Nd4j.rand(new int[] {1, c, h, w})).shape();
    return List.of(shape[0], shape[1]);
  }

  @Test
  void inputShapeParametersReachTheDataAndTheGraph() {
    ModelSource.Resolved r = resolve(Map.of("height", "32", "width", "32"));
    assertEquals(Shape.spatial(32, 32, 1), r.input());
    assertEquals(List.of(1L, 10L), forward(r, 32, 32, 1));
  }

  @Test
  void channelsAndClassesToo() {
    ModelSource.Resolved r = resolve(Map.of("channels", "3", "classes", "7"));
    assertEquals(Shape.spatial(28, 28, 3), r.input());
    assertEquals(List.of(1L, 7L), forward(r, 28, 28, 3));
    assertEquals(List.of(new ModelSource.Port("probs", Shape.flat(7))), r.heads());
  }

  @Test
  void defaultsAreTheCheckedModel() {
    ModelSource.Resolved r = resolve(Map.of());
    assertEquals(Shape.spatial(28, 28, 1), r.input());
    assertEquals(List.of(new ModelSource.Port("probs", Shape.flat(10))), r.heads());
  }
}
