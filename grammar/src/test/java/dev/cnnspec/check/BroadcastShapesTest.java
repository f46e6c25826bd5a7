package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.assertReports;
import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.Compilation;
import dev.cnnspec.model.Shape;
import org.junit.jupiter.api.Test;

/** multiply and add of a tensor and a per-channel gate; everything else stays an error at the layer. */
class BroadcastShapesTest {
  private static final String HEAD = "network B() {\n  input image: [6, 6, 8]\n  input v: [8]\n  input w: [4]\n";
  private static final String TAIL = "  output probs = y -> flatten -> dense(2, activation: softmax)\n}\n";

  @Test
  void gatesOfBothFormsInEitherOrder() {
    Compilation c = compile("b.cnn", HEAD + "  k = image -> globalavgpool(keep: true)\n"
        + "  a = multiply(v, image)\n  b = image -> multiply(k)\n  y = add(a, b) -> add(k) -> add(v)\n"
        + "  output side = w -> dense(2, activation: softmax)\n" + TAIL);
    assertTrue(c.succeeded(), c.diagnostics().toString());
    var m = c.networks().get(0);
    for (String name : new String[] {"a", "b", "y"}) {
      assertEquals(Shape.spatial(6, 6, 8), m.layer(name).orElseThrow().outputShape(), name);
    }
  }

  @Test
  void e0402GateOfTheWrongWidth() {
    assertReports("b.cnn", HEAD + "  y = multiply(image, w)\n  output side = v -> dense(2, activation: softmax)\n"
        + TAIL, """
        b.cnn:5:7: error[E0402]: y: multiply needs two tensors of one shape, or a tensor and a per-channel gate ([1, 1, C] or [C]) but got 'image' (6, 6, 8), 'w' (4) (hint: gate with as many channels as the tensor has, e.g. globalavgpool -> dense(C, activation: sigmoid))
        """, "multiply");
  }

  @Test
  void e0221MultiplyTakesTwoTensors() {
    Compilation c = compile("b.cnn", HEAD + "  y = multiply(image, image, image)\n"
        + "  output side = add(v, v) -> dense(2, activation: softmax)\n  output s2 = w -> dense(2, activation: softmax)\n"
        + TAIL);
    assertTrue(c.diagnostics().toString().contains("error[E0221]: y: multiply takes 2 input tensors, got 3"),
        c.diagnostics().toString());
  }
}
