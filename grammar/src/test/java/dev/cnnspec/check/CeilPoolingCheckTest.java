package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.assertReports;
import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.Compilation;
import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ceil-mode pooling against PyTorch's formula worked by hand: out = ⌈(n + 2p − k) / s⌉ + 1, less
 * one when (out − 1)·s ≥ n + p (the last window would start beyond the input and its left padding).
 * DL4J computes it where no window runs past the input (as floor) or, without explicit padding,
 * where the last one lacks exactly one pixel (Same mode); anything else is E0409.
 */
class CeilPoolingCheckTest {

  private static String spec(int n, int k, int s, int p) {
    return "network P() {\n  input image: [" + n + ", " + n + ", 2]\n"
        + "  m = image -> maxpool(" + k + ", stride: " + s + ", padding: " + p + ", ceil: true)\n"
        + "  output probs = m -> flatten -> dense(2, activation: softmax)\n}\n";
  }

  @ParameterizedTest(name = "{0}, k={1}, s={2}, p={3} -> {4}")
  @CsvSource({
      "54, 3, 2, 0, 27",   // SqueezeNet's 2nd pool: ⌈51/2⌉+1 = 27 (floor 26); last window lacks 1 pixel
      "112, 3, 2, 0, 56",  // GoogLeNet's 1st pool: ⌈109/2⌉+1 = 56 (floor 55)
      "7, 2, 2, 0, 4",     // ⌈5/2⌉+1 = 4 (floor 3)
      "8, 3, 3, 0, 3",     // ⌈5/3⌉+1 = 3 (floor 2)
      "4, 2, 3, 0, 2",     // stride beyond the window: ⌈2/3⌉+1 = 2 (floor 1), window at 3 lacks 1
      "109, 3, 2, 0, 54",  // ⌈106/2⌉+1 = 54 = floor: nothing runs past
      "5, 1, 3, 0, 2",     // ⌈4/3⌉+1 = 3, but 2·3 ≥ 5: the third would start outside → 2 (= floor)
      "6, 4, 3, 0, 2",     // ⌈2/3⌉+1 = 2 (floor 1): the window at 3 lacks 1; Same pads 1·3 + 4 − 6 = 1
      "5, 2, 2, 1, 3"})    // ⌈5/2⌉+1 = 4, but 3·2 ≥ 5+1 → 3 (= floor, with padding 1)
  void outputSizeIsPyTorchs(int n, int k, int s, int p, int expected) {
    Compilation c = compile("p.cnn", spec(n, k, s, p));
    assertTrue(c.succeeded(), c.diagnostics().toString());
    assertEquals(Shape.spatial(expected, expected, 2), c.networks().get(0).layer("m").orElseThrow().outputShape());
  }

  @ParameterizedTest(name = "{0}, k={1}, s={2}, p={3}")
  @CsvSource({
      "9, 3, 4, 0",   // ⌈6/4⌉+1 = 3: the window at 8 lacks 2 pixels
      "10, 3, 2, 1",  // ⌈9/2⌉+1 = 6 (floor 5): one-sided padding beside explicit padding
      "56, 3, 2, 1"}) // ⌈55/2⌉+1 = 29, 28·2 < 57 so it stays (floor 28): as above
  void refusedWhereDl4jCannotPad(int n, int k, int s, int p) {
    Compilation c = compile("p.cnn", spec(n, k, s, p));
    assertFalse(c.succeeded());
    assertTrue(c.diagnostics().toString().contains("error[E0409]"), c.diagnostics().toString());
  }

  @Test
  void e0409NamesTheSizeAndTheWayOut() {
    assertReports("p.cnn", spec(9, 3, 4, 0), """
        p.cnn:3:16: error[E0409]: m: ceil: true of a 3×3 pool window with stride 4×4 and padding 0×0 on a 9×9 input gives 3×3, whose last windows run past the input by more than DL4J's one-sided Same padding covers (one pixel, and only without explicit padding) (hint: remove ceil: true for the floor size, or drop the explicit padding / change the input size so that the last window lacks at most one pixel)
        """, "maxpool(");
  }

  @Test
  void ceilWithSameIsRefused() {
    Compilation c = compile("p.cnn", """
        network P() {
          input image: [8, 8, 1]
          f = image -> avgpool(3, stride: 2, padding: same, ceil: true)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """);
    assertFalse(c.succeeded());
    assertTrue(c.diagnostics().toString().contains("ceil rounds the output size of valid or explicit padding up"),
        c.diagnostics().toString());
  }
}
