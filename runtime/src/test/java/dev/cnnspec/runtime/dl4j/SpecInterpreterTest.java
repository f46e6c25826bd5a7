package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import dev.cnnspec.CnnCompiler;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The interpreter end to end, from spec text. Until the language front end is merged,
 * {@code CnnCompiler.compile} throws {@link UnsupportedOperationException} and the whole class is
 * skipped (aborted), not passed.
 */
class SpecInterpreterTest {
  private static final String LENET = """
      network LeNet5(classes: int = 10) {
        input image: [32, 32, 1]
        f = image -> conv(6, 5, activation: relu) -> maxpool(2)
                  -> conv(16, 5, activation: relu) -> maxpool(2) -> flatten
        output probs = f -> dense(120, activation: relu) -> dense(84, activation: relu)
                         -> dense(classes, activation: softmax)
      }
      """;

  @BeforeAll
  static void skipUntilTheFrontEndIsMerged() {
    try {
      CnnCompiler.withDefaults().compile(List.of());
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("language front end not merged yet: " + e.getMessage());
    }
  }

  @Test
  void lenetFromSpecText() {
    ComputationGraphConfiguration conf = SpecInterpreter.configuration(
        Map.of("lenet.cnn", LENET), "LeNet5", Map.of(), 42, new Adam(1e-3));
    // the same configuration as the factory builds from the checked model; compared before init(),
    // which records parameter names and the topological order in the configuration
    assertEquals(Dl4jGraphFactory.configuration(
        SpecInterpreter.model(Map.of("lenet.cnn", LENET), "LeNet5", Map.of()), 42, new Adam(1e-3)).toJson(),
        conf.toJson());
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    assertEquals(61_706, graph.numParams());
  }

  @Test
  void overridesReachTheNetwork() {
    ComputationGraphConfiguration conf = SpecInterpreter.configuration(
        Map.of("lenet.cnn", LENET), "LeNet5", Map.of("classes", "3"), 42, new Adam(1e-3));
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    assertEquals(61_706 - 85 * 7, graph.numParams());
  }

  @Test
  void invalidSpecThrowsRenderedDiagnostics() {
    String bad = LENET.replace("conv(16, 5,", "conv(16, 50,");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () ->
        SpecInterpreter.configuration(Map.of("lenet.cnn", bad), "LeNet5", Map.of(), 42, new Adam(1e-3)));
    assertTrue(e.getMessage().contains("lenet.cnn:4:"), e.getMessage());
  }

  @Test
  void unknownNetworkNamesTheOnesThere() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () ->
        SpecInterpreter.configuration(Map.of("lenet.cnn", LENET), "LeNet", Map.of(), 42, new Adam(1e-3)));
    assertTrue(e.getMessage().contains("no network named LeNet"), e.getMessage());
    assertTrue(e.getMessage().contains("LeNet5"), e.getMessage());
  }
}
