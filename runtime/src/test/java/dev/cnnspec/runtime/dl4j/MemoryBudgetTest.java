package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A network that cannot fit is refused with its size before {@code init()} allocates anything: a
 * spec with 10¹² parameters used to kill the JVM with a SIGSEGV in the native allocator.
 */
class MemoryBudgetTest {
  private static NetworkModel model(int units) {
    return SpecInterpreter.model(Map.of("wide.cnn", """
        network Wide(units: int = 4) {
          input v: [%d]
          output o = v -> dense(units) -> dense(10)
        }
        """.formatted(units)), "Wide", Map.of("units", Integer.toString(units)));
  }

  @Test
  void teraParameterNetworkIsRefusedBeforeAllocation() {
    NetworkModel tera = model(1_000_000);
    assertEquals(1_000_011_000_010L, tera.totalParameters());
    var conf = Dl4jGraphFactory.configuration(tera, 1, new Adam(1e-3));
    assertEquals(tera.totalParameters(), MemoryBudget.parameters(conf), "DL4J's count, from the configuration alone");
    NetworkTooLargeException e = assertThrows(NetworkTooLargeException.class,
        () -> Dl4jGraphFactory.network(tera, 1, new Adam(1e-3)));
    assertTrue(e.getMessage().startsWith("Wide needs 4.0 TB for 1,000,011,000,010 parameters (4-byte FLOAT each),"
        + " but ND4J may allocate only "), e.getMessage());
    assertTrue(e.getMessage().contains("raise the limit (CNN_HEAP, -Dorg.bytedeco.javacpp.maxBytes)"), e.getMessage());
  }

  @Test
  void aNetworkThatFitsIsBuilt() {
    ComputationGraph small = Dl4jGraphFactory.network(model(16), 1, new Adam(1e-3));
    assertEquals(16 * 16 + 16 + 16 * 10 + 10, small.numParams());
  }
}
