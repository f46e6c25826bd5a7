package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.NetworkModel;
import org.junit.jupiter.api.Test;

/** Memory figures against arithmetic spelled out here (DL4J's report and a measurement: runtime tests). */
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
    // + two error signals the size of the largest activation (conv_1: 4,704 × 2 × 4 = 37,632)
    assertEquals(2 * 246_824 + 493_648 + 76_144 + 2 * 37_632, t.training());
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
}
