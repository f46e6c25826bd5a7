package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import java.util.List;
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
    // DL4J's workspaces on the fast path. Kept for backward: every output but flatten's (a view) and
    // the input, plus each conv's cached pre-activation: 4,704 + 1,176 + 1,600 + 400 + 120 + 84
    // + (4,704 + 1,600) = 14,388 values × 2 × 4 = 115,104 bytes, the softmax's 80 bytes aligned to
    // 96 (ND4J rounds each array up to 32 bytes): 115,200; each max pooling's winners, one byte per
    // output (MaxPoolKernel): 2,352 aligned to 2,368, and 800: 118,368, and DL4J's 5 %: 124,286
    assertEquals(124_286, t.keptForBackward());
    // error signals in two alternating workspaces, the larger use of each: conv_1's output
    // (pool_1 writes it) and pool_1's (conv_2 writes it): (37,632 + 752) + (9,408 + 188), 2 % each;
    // conv_1 reads the network input alone and writes no input gradient (InputConvHelper)
    assertEquals(38_384 + 9_596, t.errorSignals());
    // working memory: conv_1's backward step on InputConvHelper: the ReLU derivative and the output
    // gradient permuted to a kernel (37,632 bytes each), the weight gradient (150 values: 600 bytes,
    // 608 aligned) and the bias gradient's sum (24, 32 aligned) = 75,904, + 2 %
    assertEquals(77_422, t.workingMemory());
    assertEquals(2 * 246_824 + 493_648 + 124_286 + 38_384 + 9_596 + 77_422, t.training());
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

  /**
   * The plain path (DL4J's own layers): no cached pre-activation, and convolution's im2col scratch.
   * LeNet-5 at batch 2: conv_1's im2col matrix is 2·28·28 rows × 25 columns = 39,200 values; its
   * backward step holds three such matrices and two output-sized arrays beside the derivative.
   */
  @Test
  void lenet5OnThePlainPath() {
    MemoryEstimate.Totals t = MemoryEstimate.of(ZooSpecs.network("lenet5.cnn", "LeNet5"), 2, 2, Dl4jPath.PLAIN)
        .totals();
    assertEquals(Dl4jPath.PLAIN, t.path());
    // 4,704 + 1,176 + 1,600 + 400 + 120 + 84 = 8,084 values × 8 = 64,672, + 96 for the softmax: 64,768 + 5 %
    assertEquals(64_768 + 3_238, t.keptForBackward());
    // 3 × 156,800 + 3 × 37,632 bytes = 583,296, + 2 %
    assertEquals(583_296 + 11_665, t.workingMemory());
    // conv_1 writes its input's gradient here (2 · 1,024 values), smaller than pool_1's use of that workspace
    assertEquals(38_384 + 9_596, t.errorSignals());
  }

  /** Every zoo network has figures on both paths and a share for every layer (no op left without a kernel). */
  @Test
  void everyZooNetworkHasAnEstimateOnBothPaths() throws java.io.IOException {
    java.nio.file.Path zoo = java.nio.file.Path.of("../specs/src/main/cnn/dev/cnnspec/zoo");
    List<java.nio.file.Path> files;
    try (var list = java.nio.file.Files.list(zoo)) {
      files = list.filter(f -> f.toString().endsWith(".cnn")).sorted().toList();
    }
    var c = new dev.cnnspec.CnnCompiler(List.of(zoo.getParent().getParent().getParent()), Map.of()).compileFiles(files);
    org.junit.jupiter.api.Assertions.assertTrue(c.succeeded(), c::renderDiagnostics);
    for (NetworkModel n : c.networks()) {
      for (Dl4jPath path : Dl4jPath.values()) {
        MemoryEstimate e = MemoryEstimate.of(n, 2, 2, path);
        assertEquals(n.layers().size(), e.workspaceUses().size(), n.name());
        MemoryEstimate.Totals t = e.totals();
        // the workspaces hold at least the last layer's output, its error signal and some scratch
        org.junit.jupiter.api.Assertions.assertTrue(t.keptForBackward() > 0 && t.errorSignals() > 0
            && t.workingMemory() > 0, () -> n.name() + " on " + path + ": " + t);
        assertEquals(t.parameters() + t.gradients() + t.updater() + t.keptForBackward() + t.errorSignals()
            + t.workingMemory(), t.training(), n.name());
      }
    }
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
    // one error signal per input, as most layers write (the kernels' own figures aside)
    Map<String, Dl4jWorkspaces.LayerUse> uses = new java.util.LinkedHashMap<>();
    for (var l : m.layers()) {
      long in = l.node().inputs().stream().mapToLong(bytes::get).sum();
      uses.put(l.name(), new Dl4jWorkspaces.LayerUse(0, in, 0, 0));
    }
    // backwards: the head's dense writes the pool's signal (2) into workspace 0, the pool writes the
    // add's (32) into 1, the add writes a's and b's (64) into 0 again (freed once the pool ran), b's
    // conv writes a's (32) into 1 — while 0 is held until a's relu, which writes into a new one, 2
    assertEquals(java.util.List.of(64L, 32L, 32L), Dl4jWorkspaces.errorSignalWorkspaces(m, uses));
  }
}
