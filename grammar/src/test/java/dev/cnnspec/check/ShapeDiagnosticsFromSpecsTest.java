package dev.cnnspec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.SourceText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker's diagnostics (E04xx and its E0210 size overflows) on real bad specs compiled from
 * text, as a user meets them: id, whole message, hint, {@code line:col} of the offending layer's
 * name token (also inside a block) and the rendered form with its caret. {@link ShapeDiagnosticsTest}
 * covers the same rules on programmatic graphs; this class proves the locations survive elaboration.
 */
class ShapeDiagnosticsFromSpecsTest {

  static Compilation compile(String file, String spec) {
    return CnnCompiler.withDefaults().compile(List.of(new SourceText(file, spec)));
  }

  /**
   * Asserts the one-line diagnostics (id, message, hint, location) and, for each, that the source
   * text at its {@code line:col} starts with the token the user must look at, and that the caret of
   * the rendered form stands under that column.
   */
  static Compilation assertReports(String file, String spec, String expected, String... tokensAtLocations) {
    Compilation c = compile(file, spec);
    assertEquals(expected, c.diagnostics().toString());
    assertFalse(c.succeeded());
    assertTrue(c.networks().isEmpty(), "a network with a shape error must not be compiled");
    List<Diagnostic> all = c.diagnostics().all();
    assertEquals(tokensAtLocations.length, all.size());
    String rendered = c.renderDiagnostics();
    for (int i = 0; i < all.size(); i++) {
      Diagnostic d = all.get(i);
      String token = tokensAtLocations[i];
      String line = spec.lines().toList().get(d.location().line() - 1);
      assertTrue(line.startsWith(token, d.location().column() - 1),
          () -> d + " should point at `" + token + "` in: " + line);
      String number = String.valueOf(d.location().line());
      String sourceLine = " " + number + " | " + line + "\n";
      String caretLine = " " + " ".repeat(number.length()) + " | " + " ".repeat(d.location().column() - 1) + "^\n";
      String block = d.location() + ": error[" + d.code().id() + "]: " + d.message() + "\n" + sourceLine + caretLine
          + "  hint: " + d.hint() + "\n";
      assertTrue(rendered.contains(block), () -> "rendered form lacks\n" + block + "in\n" + rendered);
    }
    return c;
  }

  @Test
  void e0401ConvKernelLargerThanItsInput() {
    Compilation c = assertReports("tiny.cnn", """
        network Tiny(classes: int = 10) {
          input image: [7, 7, 1]
          f = image -> conv(4, 5, activation: relu) -> conv(8, 5, activation: relu) -> globalavgpool
          output probs = f -> dense(classes, activation: softmax)
        }
        """, """
        tiny.cnn:3:48: error[E0401]: conv_2: 5×5 kernel is larger than its 3×3 input under valid padding (hint: use padding: same or a smaller kernel)
        """, "conv(8");
    assertEquals("""
        tiny.cnn:3:48: error[E0401]: conv_2: 5×5 kernel is larger than its 3×3 input under valid padding
         3 |   f = image -> conv(4, 5, activation: relu) -> conv(8, 5, activation: relu) -> globalavgpool
           |                                                ^
          hint: use padding: same or a smaller kernel
        """, c.renderDiagnostics());
  }

  /** The pool is the last layer of {@code f}, so it is named {@code f} (not avgpool_1). */
  @Test
  void e0401PoolWindowLargerThanItsInput() {
    Compilation c = assertReports("pools.cnn", """
        network Pools() {
          input image: [12, 12, 3]
          f = image -> maxpool(2) -> maxpool(2) -> maxpool(2)
                    -> avgpool(3)
          output probs = f -> flatten -> dense(2, activation: softmax)
        }
        """, """
        pools.cnn:4:16: error[E0401]: f: 3×3 pool window is larger than its 1×1 input under valid padding (hint: use padding: same or a smaller pool window)
        """, "avgpool(3)");
    assertEquals("""
        pools.cnn:4:16: error[E0401]: f: 3×3 pool window is larger than its 1×1 input under valid padding
         4 |             -> avgpool(3)
           |                ^
          hint: use padding: same or a smaller pool window
        """, c.renderDiagnostics());
  }

  @Test
  void e0402AddOfDifferentShapes() {
    Compilation c = assertReports("res.cnn", """
        network Res() {
          input image: [8, 8, 16]
          y = image -> conv(32, 3, padding: same) -> batchnorm -> relu
          output probs = add(y, image) -> globalavgpool -> dense(2, activation: softmax)
        }
        """, """
        res.cnn:4:18: error[E0402]: add_1: add needs inputs of one shape but got 'y' (8, 8, 32), 'image' (8, 8, 16) (hint: make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s))
        """, "add(y");
    assertEquals("""
        res.cnn:4:18: error[E0402]: add_1: add needs inputs of one shape but got 'y' (8, 8, 32), 'image' (8, 8, 16)
         4 |   output probs = add(y, image) -> globalavgpool -> dense(2, activation: softmax)
           |                  ^
          hint: make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s)
        """, c.renderDiagnostics());
  }

  @Test
  void e0403ConcatOfDifferentSpatialSizes() {
    assertReports("incep.cnn", """
        network Incep() {
          input image: [8, 8, 16]
          a = image -> conv(8, 1, activation: relu)
          b = image -> conv(8, 3, activation: relu)
          output probs = a -> concat(b) -> globalavgpool -> dense(2, activation: softmax)
        }
        """, """
        incep.cnn:5:23: error[E0403]: concat_1: concat joins channels and needs one height × width but got 'a' (8, 8, 8), 'b' (6, 6, 8) (hint: make the spatial sizes equal, e.g. with padding: same or matching strides on every branch)
        """, "concat(b)");
  }

  @Test
  void e0404MfmLayerOnAnOddChannelCount() {
    assertReports("lcnn.cnn", """
        network LightCnn() {
          input face: [16, 16, 1]
          f = face -> conv(9, 5, padding: same) -> mfm -> maxpool(2) -> flatten
          output probs = f -> dense(2, activation: softmax)
        }
        """, """
        lcnn.cnn:3:44: error[E0404]: mfm_1: max-feature-map halves the channels and needs an even count but 'conv_1' (16, 16, 9) has 9 channels (hint: give the layer before it an even number of filters)
        """, "mfm ->");
  }

  @Test
  void e0404MfmActivationOnAConvAndOnADenseLayer() {
    assertReports("lcnn.cnn", """
        network LightCnn() {
          input face: [16, 16, 1]
          f = face -> conv(8, 5, padding: same, activation: mfm) -> maxpool(2)
                   -> conv(7, 3, activation: mfm) -> flatten
          output probs = face -> flatten -> dense(33, activation: mfm) -> dense(2, activation: softmax)
          output aux = f -> dense(2, activation: softmax)
        }
        """, """
        lcnn.cnn:4:15: error[E0404]: conv_2_mfm: max-feature-map halves the channels and needs an even count but 'conv_2' (6, 6, 7) has 7 channels (hint: give the layer before it an even number of filters)
        lcnn.cnn:5:37: error[E0404]: dense_1_mfm: max-feature-map halves the units and needs an even count but 'dense_1' (33) has 33 units (hint: give the layer before it an even number of units)
        """, "conv(7", "dense(33");
  }

  @Test
  void e0405DenseOnASpatialTensor() {
    Compilation c = assertReports("lenet.cnn", """
        network LeNet5(classes: int = 10) {
          input image: [32, 32, 1]
          f = image -> conv(6, 5, activation: relu) -> maxpool(2)
                    -> conv(16, 5, activation: relu) -> maxpool(2)
          output probs = f -> dense(120, activation: relu) -> dense(classes, activation: softmax)
        }
        """, """
        lenet.cnn:5:23: error[E0405]: dense_1: dense needs a flat input but 'f' (5, 5, 16) is spatial (hint: insert flatten (or globalavgpool) before dense)
        """, "dense(120");
    assertEquals("""
        lenet.cnn:5:23: error[E0405]: dense_1: dense needs a flat input but 'f' (5, 5, 16) is spatial
         5 |   output probs = f -> dense(120, activation: relu) -> dense(classes, activation: softmax)
           |                       ^
          hint: insert flatten (or globalavgpool) before dense
        """, c.renderDiagnostics());
  }

  @Test
  void e0406SpatialLayersOnAFlatTensor() {
    assertReports("flat.cnn", """
        network Flat() {
          input image: [8, 8, 1]
          input features: [64]
          f = image -> flatten -> conv(4, 3)
          g = image -> globalavgpool -> maxpool(2)
          h = features -> zeropad(1)
          output a = f -> flatten -> dense(2)
          output b = g -> flatten -> dense(2)
          output c = h -> flatten -> dense(2)
        }
        """, """
        flat.cnn:4:27: error[E0406]: f: conv needs a spatial (height, width, channels) input but 'flatten_1' (64) is flat (hint: apply conv before flatten/globalavgpool/dense, or remove the layer)
        flat.cnn:5:33: error[E0406]: g: maxpool needs a spatial (height, width, channels) input but 'globalavgpool_1' (1) is flat (hint: apply maxpool before flatten/globalavgpool/dense, or remove the layer)
        flat.cnn:6:19: error[E0406]: h: zeropad needs a spatial (height, width, channels) input but 'features' (64) is flat (hint: apply zeropad before flatten/globalavgpool/dense, or remove the layer)
        """, "conv(4", "maxpool(2)", "zeropad(1)");
  }

  @Test
  void e0407MixedRankInConcatAndAdd() {
    assertReports("multi.cnn", """
        network Multi() {
          input image: [4, 4, 2]
          input meta: [32]
          output a = concat(image, meta) -> dense(2)
          output b = meta -> dense(32) -> add(image) -> dense(2)
        }
        """, """
        multi.cnn:4:14: error[E0407]: concat_1: concat needs inputs that are all spatial or all flat but got 'image' (4, 4, 2), 'meta' (32) (hint: flatten (or globalavgpool) the spatial inputs before concat)
        multi.cnn:5:35: error[E0407]: add_1: add needs inputs that are all spatial or all flat but got 'dense_1' (32), 'image' (4, 4, 2) (hint: flatten (or globalavgpool) the spatial inputs before add)
        """, "concat(", "add(image)");
  }

  /** The checker's E0219s are sizes the elaborator cannot know: they overflow only once shapes are inferred. */
  @Test
  void e0219SizesThatOverflowOnlyAfterShapeInference() {
    assertReports("huge.cnn", """
        network Huge() {
          input big: [50000, 50000, 1000]
          input small: [8, 8, 1]
          output a = big -> flatten -> dense(2)
          output b = small -> zeropad(2147483000) -> globalavgpool -> dense(2)
          output c = small -> conv(2000000000, 3) -> conv(2000000000, 3) -> globalavgpool -> dense(2)
        }
        """, """
        huge.cnn:4:21: error[E0219]: flatten_1: flattening 'big' (50000, 50000, 1000) gives 2500000000000 units, beyond the largest size 2147483647 (hint: downsample (pool or stride) before flatten, or use globalavgpool)
        huge.cnn:5:23: error[E0219]: zeropad_1: padding 8×8 gives 4294966008×4294966008, beyond the largest size 2147483647 (hint: use a smaller padding)
        huge.cnn:6:46: error[E0219]: conv_2: parameter or multiply-add count exceeds a 64-bit integer (hint: use fewer filters or units, or downsample the input first)
        """, "flatten", "zeropad(", "conv(2000000000, 3) -> global");
  }

  /** Independent errors are all reported, in source order; layers downstream of a failed one stay silent. */
  @Test
  void severalIndependentShapeErrorsInSourceOrderWithoutCascade() {
    assertReports("many.cnn", """
        network Many() {
          input image: [28, 28, 1]
          a = image -> conv(8, 3) -> maxpool(2) -> dense(10)
          b = image -> conv(5, 3) -> mfm
          c = image -> conv(8, 30)
          output o = concat(a, b, c) -> flatten -> dense(2)
        }
        """, """
        many.cnn:3:44: error[E0405]: a: dense needs a flat input but 'maxpool_1' (13, 13, 8) is spatial (hint: insert flatten (or globalavgpool) before dense)
        many.cnn:4:30: error[E0404]: b: max-feature-map halves the channels and needs an even count but 'conv_2' (26, 26, 5) has 5 channels (hint: give the layer before it an even number of filters)
        many.cnn:5:16: error[E0401]: c: 30×30 kernel is larger than its 28×28 input under valid padding (hint: use padding: same or a smaller kernel)
        """, "dense(10)", "mfm", "conv(8, 30)");
  }

  static final String BASIC = """
      block basic(x: tensor, filters: int, stride: int = 1) {
        y = x -> conv(filters, 3, stride: stride, padding: same) -> batchnorm -> relu
        return add(y, x) -> relu
      }
      """;

  /**
   * A layer made inside a block is located at its token in the block body (the same place for every
   * instance); the message tells the instances apart by the prefix, which is the tensor the call
   * defines ({@code b2/}). Only the bad instance is reported.
   */
  @Test
  void blockUsedTwiceWithOneBadInstance() {
    Compilation c = assertReports("resnet.cnn", BASIC + """
        network Res() {
          input image: [8, 8, 16]
          b1 = image -> basic(16)
          b2 = b1 -> basic(32, 2)
          output probs = b2 -> globalavgpool -> dense(2, activation: softmax)
        }
        """, """
        resnet.cnn:3:10: error[E0402]: b2/add_1: add needs inputs of one shape but got 'b2/y' (4, 4, 32), 'b1/relu_1' (8, 8, 16) (hint: make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s))
        """, "add(y, x)");
    assertEquals("""
        resnet.cnn:3:10: error[E0402]: b2/add_1: add needs inputs of one shape but got 'b2/y' (4, 4, 32), 'b1/relu_1' (8, 8, 16)
         3 |   return add(y, x) -> relu
           |          ^
          hint: make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s)
        """, c.renderDiagnostics());
  }

  /** An instance that defines no tensor is named {@code <block>_<k>} by call order in the body. */
  @Test
  void badUnnamedBlockInstanceIsNamedByItsCallOrder() {
    assertReports("resnet.cnn", BASIC + """
        network Res() {
          input image: [8, 8, 16]
          b = image -> basic(16) -> basic(32, 2) -> basic(32)
          output probs = b -> globalavgpool -> dense(2, activation: softmax)
        }
        """, """
        resnet.cnn:3:10: error[E0402]: basic_2/add_1: add needs inputs of one shape but got 'basic_2/y' (4, 4, 32), 'basic_1/relu_1' (8, 8, 16) (hint: make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s))
        """, "add(y, x)");
  }
}
