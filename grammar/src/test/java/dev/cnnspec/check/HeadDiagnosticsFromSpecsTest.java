package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.assertReports;
import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.Compilation;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.LossPairing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The activation × loss rules of output heads (E0420–E0422), on specs as a user writes them: one
 * negative test per diagnostic with the whole message and {@code line:col}, the same verdict for
 * weighted heads (DL4J's own validator never sees those), and every pair the table accepts compiles.
 */
class HeadDiagnosticsFromSpecsTest {

  private static String head(String chain, String suffix) {
    return """
        network Head(classes: int = 10) {
          input image: [8, 8, 1]
          f = image -> conv(4, 3, activation: relu) -> flatten
          output probs = f -> %s%s
        }
        """.formatted(chain, suffix);
  }

  @Test
  void e0420ReluWithCrossEntropy() {
    assertReports("head.cnn", head("dense(classes, activation: relu)", ""), """
        head.cnn:4:10: error[E0420]: output probs: loss cross_entropy needs softmax probabilities or logits, but its source 'probs' ends in relu (hint: drop the activation (logits: cross_entropy applies softmax itself) or use activation: softmax; for regression use loss mse)
        """, "probs");
  }

  @Test
  void e0420TanhWithNll() {
    assertReports("head.cnn", head("dense(classes) -> tanh", " loss nll"), """
        head.cnn:4:10: error[E0420]: output probs: loss nll needs softmax probabilities, but its source 'probs' ends in tanh (hint: use loss cross_entropy for logits, or end the head in activation: softmax)
        """, "probs");
  }

  @Test
  void e0420LogitsWithBinaryCrossEntropyAlsoWhenWeighted() {
    assertReports("head.cnn", head("dense(classes)", " loss binary_cross_entropy weight 0.5"), """
        head.cnn:4:10: error[E0420]: output probs: loss binary_cross_entropy needs sigmoid probabilities, but its source 'probs' ends in identity (hint: end the head in activation: sigmoid, or use loss mse for unbounded values)
        """, "probs");
  }

  @Test
  void e0421SigmoidWithCrossEntropyAlsoWhenWeighted() {
    assertReports("head.cnn", head("dense(classes, activation: sigmoid)", " weight 0.5"), """
        head.cnn:4:10: error[E0421]: output probs: loss cross_entropy scores one distribution over the units, but its source 'probs' ends in sigmoid (an independent probability per unit) (hint: use activation: softmax (or none) for one class per example, or loss binary_cross_entropy for several labels)
        """, "probs");
  }

  @Test
  void e0421SoftmaxWithBinaryCrossEntropy() {
    assertReports("head.cnn", head("dense(classes, activation: softmax)", " loss binary_cross_entropy"), """
        head.cnn:4:10: error[E0421]: output probs: loss binary_cross_entropy scores every unit as its own yes/no probability, but its source 'probs' ends in softmax (one distribution over all units) (hint: use loss cross_entropy for one class per example, or activation: sigmoid for several labels)
        """, "probs");
  }

  @Test
  void e0422CrossEntropyOverOneUnit() {
    assertReports("head.cnn", head("dense(1)", ""), """
        head.cnn:4:10: error[E0422]: output probs: loss cross_entropy over a single unit: the softmax of one value is always 1, so nothing is learned (hint: give the head one unit per class (at least 2), or use activation: sigmoid with loss binary_cross_entropy for a yes/no output)
        """, "probs");
  }

  @Test
  void e0422SoftmaxOverOneUnitWithMse() {
    assertReports("head.cnn", head("dense(1, activation: softmax)", " loss mse"), """
        head.cnn:4:10: error[E0422]: output probs: softmax over a single unit: the softmax of one value is always 1, so nothing is learned (hint: give the head one unit per class (at least 2), or use activation: sigmoid with loss binary_cross_entropy for a yes/no output)
        """, "probs");
  }

  private static String perPixel(String chain, String suffix) {
    return """
        network Seg(classes: int = 3) {
          input image: [8, 8, 1]
          f = image -> conv(4, 3, padding: same, activation: relu)
          output mask = f -> %s%s
        }
        """.formatted(chain, suffix);
  }

  /**
   * A per-pixel head of one channel under cross-entropy learns nothing either: the check counts the
   * channels of an [H, W, C] head, not its H·W·C elements (on main it counted 64 and passed).
   */
  @Test
  void e0422CrossEntropyOverOneChannelPerPixel() {
    assertReports("seg.cnn", perPixel("conv(1, 1)", ""), """
        seg.cnn:4:10: error[E0422]: output mask: loss cross_entropy over a single channel (per pixel, over (8, 8, 1)): the softmax of one value is always 1, so nothing is learned (hint: give the head one channel per class (at least 2), or use activation: sigmoid with loss binary_cross_entropy for a yes/no mask)
        """, "mask");
  }

  @Test
  void e0421PerPixelSigmoidWithCrossEntropy() {
    assertReports("seg.cnn", perPixel("conv(classes, 1, activation: sigmoid)", ""), """
        seg.cnn:4:10: error[E0421]: output mask: loss cross_entropy scores one distribution over the units, but its source 'mask' ends in sigmoid (an independent probability per unit) (hint: use activation: softmax (or none) for one class per example, or loss binary_cross_entropy for several labels)
        """, "mask");
  }

  /** Per-pixel heads: softmax or logits with cross-entropy, sigmoid with binary cross-entropy, mse for regression. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "conv(classes, 1)                                    | ",
      "conv(classes, 1, activation: softmax)               | ",
      "conv(classes, 1) -> softmax                         | loss nll",
      "conv(1, 1, activation: sigmoid)                     | loss binary_cross_entropy",
      "conv(1, 1)                                          | loss mse",
      "conv_transpose(classes, 2, stride: 2)               | weight 0.5",
  })
  void acceptedPerPixelHeadsCheck(String chain, String suffix) {
    Compilation c = compile("ok.cnn", perPixel(chain, suffix == null ? "" : " " + suffix));
    assertTrue(c.succeeded(), c.diagnostics().toString());
  }

  /** Every head of a network is judged, not only the first. */
  @Test
  void reportsEveryBadHead() {
    Compilation c = compile("two.cnn", """
        network Two() {
          input image: [8, 8, 1]
          f = image -> conv(4, 3, activation: relu) -> flatten
          output a = f -> dense(10, activation: relu)
          output b = f -> dense(10, activation: sigmoid) weight 0.3
        }
        """);
    assertEquals(2, c.diagnostics().errorCount(), c.diagnostics().toString());
    assertTrue(c.diagnostics().toString().contains("two.cnn:4:10: error[E0420]"), c.diagnostics().toString());
    assertTrue(c.diagnostics().toString().contains("two.cnn:5:10: error[E0421]"), c.diagnostics().toString());
  }

  /** The pairs the table accepts check, weighted or not, on heads of every kind of last layer. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "dense(classes, activation: softmax)                 | ",
      "dense(classes)                                      | ",
      "dense(classes)                                      | weight 0.5",
      "dense(classes) -> softmax                           | loss nll",
      "dense(classes, activation: sigmoid)                 | loss binary_cross_entropy weight 0.3",
      "dense(classes, activation: relu)                    | loss mse",
      "dense(classes, activation: tanh)                    | loss mae",
      "dense(classes) -> dropout(0.5)                      | ",
      "dense(20, activation: mfm)                          | ",
      "dense(1)                                            | loss mse",
      "dense(1, activation: sigmoid)                       | loss binary_cross_entropy",
  })
  void acceptedPairsCheck(String chain, String suffix) {
    Compilation c = compile("ok.cnn", head(chain, suffix == null ? "" : " " + suffix));
    assertTrue(c.succeeded(), c.diagnostics().toString());
  }

  /** The table's two classification losses accept logits differently: only cross_entropy fuses softmax. */
  @Test
  void tableFusesSoftmaxOnlyForCrossEntropyOnLogits() {
    for (Activation a : Activation.values()) {
      for (Loss l : Loss.values()) {
        boolean fused = LossPairing.verdict(a, l) == LossPairing.Verdict.FUSE_SOFTMAX;
        assertEquals(l == Loss.CROSS_ENTROPY && (a == Activation.IDENTITY || a == Activation.MFM), fused, a + " " + l);
      }
    }
  }
}
