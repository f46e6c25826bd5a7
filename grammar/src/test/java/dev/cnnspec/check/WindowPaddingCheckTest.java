package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.assertReports;
import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.Compilation;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;

/**
 * Explicit padding ({@code padding: 3}, {@code padding: [1, 2]}, PyTorch's) beside {@code same} and
 * {@code valid}, against published figures: torchvision's ResNet stem, conv1 = Conv2d(3, 64, 7,
 * stride 2, padding 3, bias False) with 9,408 weights and maxpool = MaxPool2d(3, 2, padding 1),
 * takes 224 → 112 → 56.
 */
class WindowPaddingCheckTest {

  private static NetworkModel model(String spec) {
    Compilation c = compile("p.cnn", spec);
    assertTrue(c.succeeded(), c.diagnostics().toString());
    return c.networks().get(0);
  }

  @Test
  void torchvisionResNetStem() {
    NetworkModel m = model("""
        network Stem() {
          input image: [224, 224, 3]
          c = image -> conv(64, 7, stride: 2, padding: 3, bias: false)
          p = c -> maxpool(3, stride: 2, padding: 1)
          output probs = p -> globalavgpool -> dense(10, activation: softmax)
        }
        """);
    LayerModel conv = m.layer("c").orElseThrow();
    assertEquals(Shape.spatial(112, 112, 64), conv.outputShape());
    assertEquals(9_408, conv.parameters());
    assertEquals(Shape.spatial(56, 56, 64), m.layer("p").orElseThrow().outputShape());
  }

  @Test
  void paddingPerDimension() {
    NetworkModel m = model("""
        network P() {
          input image: [9, 10, 3]
          c = image -> conv(4, [3, 5], padding: [1, 2])
          a = c -> avgpool(3, stride: 2, padding: [0, 1], count_pad: true)
          output probs = a -> flatten -> dense(2, activation: softmax)
        }
        """);
    // (9 + 2 − 3) + 1 = 9, (10 + 4 − 5) + 1 = 10; then ⌊(9 − 3) / 2⌋ + 1 = 4, ⌊(10 + 2 − 3) / 2⌋ + 1 = 5
    assertEquals(Shape.spatial(9, 10, 4), m.layer("c").orElseThrow().outputShape());
    assertEquals(Shape.spatial(4, 5, 4), m.layer("a").orElseThrow().outputShape());
  }

  @Test
  void strideLargerThanTheWindowKeepsKerasSame() {
    NetworkModel m = model("""
        network S() {
          input image: [28, 28, 1]
          c = image -> conv(4, 1, stride: 4, padding: same)
          p = c -> maxpool(2, stride: 4, padding: same)
          output probs = p -> flatten -> dense(2, activation: softmax)
        }
        """);
    assertEquals(Shape.spatial(7, 7, 4), m.layer("c").orElseThrow().outputShape());
    assertEquals(Shape.spatial(2, 2, 4), m.layer("p").orElseThrow().outputShape());
  }

  @Test
  void e0401WindowLargerThanItsPaddedInput() {
    assertReports("p.cnn", """
        network P() {
          input image: [4, 4, 1]
          f = image -> conv(2, 7, padding: 1)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """, """
        p.cnn:3:16: error[E0401]: f: 7×7 kernel is larger than its 4×4 input under padding 1×1 (hint: use padding: same or a smaller kernel)
        """, "conv(");
  }

  /** Rows padded by an odd total beside columns the stride skips: neither DL4J form computes it. */
  @Test
  void e0409SameThatDl4jCannotExpress() {
    assertReports("p.cnn", """
        network P() {
          input image: [8, 9, 1]
          f = image -> conv(2, [2, 1], stride: [1, 3], padding: same)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """, """
        p.cnn:3:16: error[E0409]: f: padding: same of a 2×1 kernel with stride 1×3 on a 8×9 input pads one dimension unevenly while the stride skips input in the other; DL4J has no padding that computes this (hint: give explicit padding, e.g. padding: [1, 0], or a stride no larger than the window)
        """, "conv(");
  }

  /**
   * conv_transpose(3, 1, stride: 3, padding: same): DL4J's Same mode pads (kernel − stride) / 2 = −1,
   * and its training step failed (differential property, r17); one above the kernel still pads 0.
   */
  @Test
  void e0409SameTransposeWithStrideTwoAboveTheKernel() {
    assertReports("p.cnn", """
        network P() {
          input image: [2, 2, 1]
          f = image -> conv_transpose(3, 1, stride: 3, padding: same)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """, """
        p.cnn:3:16: error[E0409]: f: padding: same of a transposed 1×1 kernel with stride 3×3 (more than one above the kernel) has no DL4J form: its Same mode would pad by a negative amount (hint: use a kernel of at least stride − 1, e.g. conv_transpose(3, 3, stride: 3, padding: same), or padding: valid for (n − 1)·stride + kernel)
        """, "conv_transpose(");
    assertEquals(Shape.spatial(4, 4, 3), model("""
        network P() {
          input image: [2, 2, 1]
          f = image -> conv_transpose(3, 1, stride: 2, padding: same)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """).layer("f").orElseThrow().outputShape());
    assertEquals(Shape.spatial(4, 4, 3), model("""
        network P() {
          input image: [2, 2, 1]
          f = image -> conv_transpose(3, 1, stride: 3)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """).layer("f").orElseThrow().outputShape());
  }

  @Test
  void e0210NegativePadding() {
    Compilation c = compile("p.cnn", """
        network P() {
          input image: [8, 8, 1]
          f = image -> maxpool(2, padding: [1, -1])
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """);
    assertEquals("""
        p.cnn:3:27: error[E0210]: padding of maxpool must not be negative, found [1, -1] (hint: give 0 or more rows and columns of zeros on each side, or same / valid)
        """, c.diagnostics().toString());
  }

  @Test
  void e0204PaddingOfAnotherForm() {
    Compilation c = compile("p.cnn", """
        network P() {
          input image: [8, 8, 1]
          f = image -> conv(2, 3, padding: [1, 2, 3])
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """);
    assertEquals(1, c.diagnostics().all().size(), c.diagnostics().toString());
    assertTrue(c.diagnostics().toString().contains("error[E0204]: argument `padding` of conv must be same, valid, an int or [h, w]"),
        c.diagnostics().toString());
  }
}
