package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memory figures against arithmetic spelled out here (DL4J's report and DL4J's allocation, measured:
 * runtime tests {@code Dl4jMemoryReportTest}, {@code Dl4jWorkspacesTest}).
 */
class MemoryEstimateTest {

  @Test
  void lenet5AtBatchTwoByHand() {
    MemoryEstimate m = MemoryEstimate.of(ZooSpecs.network("lenet5.cnn", "LeNet5"), 2);
    MemoryEstimate.Totals t = m.totals();
    // 61,706 parameters, all trainable, 4 bytes each; Adam keeps two values per parameter
    assertEquals(246_824, t.parameters());
    assertEquals(246_824, t.gradients());
    assertEquals(493_648, t.updater());
    // values per example: image 1,024 + conv 4,704 + pool 1,176 + conv 1,600 + pool 400 + flatten 400
    // + dense 120 + 84 + 10 = 9,518; × 2 examples × 4 bytes
    assertEquals(76_144, t.activations());
    // DL4J's workspaces: kept for backward, every output but flatten's (a view) and the input, plus
    // each conv's pre-activation copy: 4,704 + 1,176 + 1,600 + 400 + 120 + 84 + 10 + (4,704 + 1,600)
    // = 14,398 values × 2 × 4 = 115,184 bytes, and DL4J's 5 %: + 5,759
    assertEquals(120_943, t.keptForBackward());
    // error signals in two alternating workspaces, the larger use of each: conv_1's output
    // (pool_1 writes it) and pool_1's (conv_2 writes it): (37,632 + 752) + (9,408 + 188), 2 % each
    assertEquals(38_384 + 9_596, t.errorSignals());
    // working memory: conv_1's ReLU derivative, the size of its output, + 2 %
    assertEquals(38_384, t.workingMemory());
    assertEquals(2 * 246_824 + 493_648 + 120_943 + 38_384 + 9_596 + 38_384, t.training());
    // inference: conv_1's output and maxpool_1's output alive together (4,704 + 1,176 values) is the peak
    assertEquals(246_824 + (4_704 + 1_176) * 8, t.inference());
    assertEquals(new MemoryEstimate.Layer(156 * 4, 156 * 4, 2 * 156 * 4, 4_704 * 8), m.layer("conv_1"));
  }

  @Test
  void batchNormStatisticsHaveNoUpdaterStateAndSkipConnectionsStayAlive() {
    NetworkModel m = ZooSpecs.compile("""
        network N() {
          input x: [4, 4, 2]
          y = x -> conv(2, 3, padding: same, bias: false) -> batchnorm
          output o = add(x, y) -> globalavgpool -> dense(2, activation: softmax)
        }
        """);
    MemoryEstimate e = MemoryEstimate.of(m, 1, 2);
    // batch norm: 4·2 parameters, 2·2 trainable → 4 values of Adam state per trainable one pair
    assertEquals(new MemoryEstimate.Layer(8 * 4, 8 * 4, 2 * 4 * 4, 32 * 4), e.layer("y"));
    // x (32 values) stays alive until add reads it: x + conv + batchnorm = 96 values at the peak
    long params = (36 + 8 + 6) * 4;
    assertEquals(params + 96 * 4, e.totals().inference());
    assertEquals(0, MemoryEstimate.of(m, 1, 0).totals().updater());
  }

  /** A residual add writes both its inputs' error signals at once, and they live until the block's start. */
  @Test
  void errorSignalWorkspacesFollowDl4jsBackwardWalk() {
    NetworkModel m = ZooSpecs.compile("""
        network R() {
          input x: [4, 4, 2]
          a = x -> conv(2, 3, padding: same) -> relu
          b = a -> conv(2, 3, padding: same)
          output o = add(a, b) -> globalavgpool -> dense(2, activation: softmax)
        }
        """);
    Map<String, Long> bytes = new java.util.LinkedHashMap<>();
    bytes.put("x", 32L);
    for (var l : m.layers()) {
      bytes.put(l.name(), l.outputShape().elements());
    }
    // backwards: the head's dense writes the pool's signal (2) into workspace 0, the pool writes the
    // add's (32) into 1, the add writes a's and b's (64) into 0 again (freed once the pool ran), b's
    // conv writes a's (32) into 1 — while 0 is held until a's relu, which writes into a new one, 2
    assertEquals(java.util.List.of(64L, 32L, 32L), Dl4jWorkspaces.errorSignalWorkspaces(m, bytes));
  }
}
