package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Receptive fields through issue 12's window ops, by hand with the recurrence of the class Javadoc:
 * explicit padding moves the first field's centre back by the padding, and depthwise and separable
 * convolutions widen the field as a convolution of their kernel does.
 */
class ReceptiveFieldNewOpsTest {

  @Test
  void explicitPaddingDepthwiseAndSeparable() {
    Compilation c = CnnCompiler.withDefaults().compile(List.of(new SourceText("r.cnn", """
        network R() {
          input image: [16, 16, 3]
          a = image -> conv(4, 3, padding: 1)
          b = a -> depthwise_conv(3, stride: 2, padding: 1)
          d = b -> separable_conv(4, 5)
          output probs = d -> flatten -> dense(2, activation: softmax)
        }
        """)));
    assertTrue(c.succeeded(), c.diagnostics().toString());
    Map<String, ReceptiveField.Field> fields = ReceptiveField.of(c.networks().get(0));
    // a: size 3, jump 1, start 0 + (1 − 1)·1 = 0 (without the padding it would be 1)
    assertEquals(new ReceptiveField.Axis(3, 1, 0), fields.get("a").height());
    // b: size 3 + 2·1 = 5, jump 2, start 0 + (1 − 1)·1 = 0
    assertEquals(new ReceptiveField.Axis(5, 2, 0), fields.get("b").width());
    // d: size 5 + 4·2 = 13, jump 2, start 0 + 2·2 = 4
    assertEquals(new ReceptiveField.Axis(13, 2, 4), fields.get("d").height());
  }
}
