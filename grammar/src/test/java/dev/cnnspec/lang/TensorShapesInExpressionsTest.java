package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code x.channels}, {@code x.height}, {@code x.width}, {@code x.units}, {@code x.shape}: a tensor's
 * shape in expressions, inferred while the network is elaborated. The oracle for every value is the
 * checker's own inference over the finished graph (the {@code Compilation}'s model), or arithmetic
 * on the declared input.
 */
class TensorShapesInExpressionsTest {

  static Compilation compile(String text) {
    return new CnnCompiler(List.of(), Map.of()).compile(List.of(new SourceText("test.cnn", text)));
  }

  static String diagnostics(String text) {
    return Specs.elaborate(text).diagnostics().toString();
  }

  @Test
  void propertiesOfInputsDefinitionsAndBlockParametersAreTheirInferredShapes() {
    NetworkGraph g = Specs.elaborate("""
        block half(x: tensor) {
          return x -> conv(x.channels / 2, 1)
        }
        network N() {
          input image: [30, 20, 12]
          a = image -> conv(image.height + image.width, 3) -> half
          f = a -> flatten
          output o = f -> dense(f.units / 100 + a.shape[0] + len(image.shape), activation: softmax)
        }
        """).clean().only();
    assertEquals(50, ((Op.Conv2D) g.layer("conv_1").orElseThrow().op()).filters());
    assertEquals(25, ((Op.Conv2D) g.layer("a/conv_1").orElseThrow().op()).filters());
    // f is 28 × 18 × 25 = 12,600 units; a is 28 high; the input has 3 dimensions
    assertEquals(126 + 28 + 3, ((Op.Dense) g.layer("o").orElseThrow().op()).units());
  }

  @Test
  void definitionsAreElaboratedOnFirstUseOfTheirShapeInAnyOrder() {
    Compilation c = compile("""
        network N() {
          let wide = b.channels * 2
          output o = b -> conv(wide, 1) -> globalavgpool -> dense(10)
          b = image -> conv(7, 3) -> maxpool(2)
          input image: [16, 16, 1]
        }
        """);
    assertEquals("", c.renderDiagnostics());
    assertEquals(List.of(10), c.networks().get(0).outputs().get(0).shape().dims());
    // b (elaborated first, for `wide`) holds conv_1
    assertEquals(List.of(7, 7, 14), c.networks().get(0).shapeOf("conv_2").orElseThrow().dims());
  }

  @Test
  void theValueIsWhatTheCheckerInfersForEveryLayerKind() {
    // each probe's value is used as a dense width; the checker's model of the probed layer is the oracle
    String[] layers = {"conv(5, 3, stride: 2, padding: same)", "maxpool(3, stride: 2, padding: 1)",
        "depthwise_conv(3, multiplier: 3)", "separable_conv(6, 3, dilation: 2)", "conv_transpose(4, 3, stride: 2)",
        "upsample([2, 3])", "zeropad([1, 2, 3, 4])", "globalavgpool(keep: true)", "conv(4, 1, activation: mfm)"};
    for (String layer : layers) {
      Compilation c = compile("network N() {\n  input image: [13, 11, 4]\n  t = image -> " + layer + "\n"
          + "  output o = t -> flatten -> dense(t.height * 10000 + t.width * 100 + t.channels)\n}\n");
      assertEquals("", c.renderDiagnostics(), layer);
      // t is the tensor the definition gives: with activation mfm that is the layer t_mfm after conv t
      List<Integer> dims = c.networks().get(0).shapeOf("t_mfm").or(() -> c.networks().get(0).shapeOf("t"))
          .orElseThrow().dims();
      int expected = dims.get(0) * 10000 + dims.get(1) * 100 + dims.get(2);
      assertEquals(List.of(expected), c.networks().get(0).outputs().get(0).shape().dims(), layer);
    }
  }

  @Test
  void unitsOfASpatialTensorIsALocatedErrorWithAHint() {
    assertEquals("""
        test.cnn:4:38: error[E0223]: `x` is spatial (6, 6, 8), so it has no .units (hint: a spatial tensor has \
        .height, .width, .channels and .shape; for its size as a flat tensor write x.height * x.width * x.channels)
        """, diagnostics("""
        network N() {
          input image: [8, 8, 1]
          x = image -> conv(8, 3)
          output o = x -> flatten -> dense(x.units)
        }
        """));
  }

  @Test
  void channelsOfAFlatTensorAndAMisspelledProperty() {
    assertEquals("""
        test.cnn:4:27: error[E0223]: `f` is flat (64), so it has no .channels (hint: a flat tensor has .units and .shape)
        test.cnn:5:27: error[E0223]: a tensor has no property `chanels` (hint: did you mean `channels`? spatial tensors \
        have .height, .width, .channels; flat ones .units; both .shape)
        """, diagnostics("""
        network N() {
          input image: [8, 8, 1]
          f = image -> flatten
          output o = f -> dense(f.channels)
          output p = f -> dense(f.chanels)
        }
        """));
  }

  @Test
  void theShapeOfATensorWhoseShapeIsAnErrorIsALocatedErrorNamingTheCause() {
    Compilation c = compile("""
        network N() {
          input image: [4, 4, 1]
          x = image -> conv(16, 5)
          output o = x -> flatten -> dense(x.channels)
        }
        """);
    assertEquals("""
        test.cnn:3:16: error[E0401]: x: 5×5 kernel is larger than its 4×4 input under valid padding (hint: use \
        padding: same or a smaller kernel)
        test.cnn:4:36: error[E0223]: the shape of `x` is unknown: it has an error of its own (x: 5×5 kernel is larger \
        than its 4×4 input under valid padding) (hint: fix that error first, at test.cnn:3:16)
        """.strip(), c.diagnostics().all().stream().map(Object::toString)
        .reduce((a, b) -> a + "\n" + b).orElse(""));
  }

  @Test
  void aValueATensorAndADefinitionAskingItsOwnShapeAreErrors() {
    assertEquals("""
        test.cnn:4:18: error[E0204]: `.channels` asks for a tensor's shape, but `k` is int 3 (hint: a shape belongs \
        to a tensor: an input, a tensor parameter or a defined tensor)
        test.cnn:5:18: error[E0203]: undefined name `y` (hint: define it with `let y = …` or declare it as a parameter)
        test.cnn:6:18: error[E0209]: tensor `z` depends on itself: z → z (hint: a tensor cannot be computed from its \
        own result; break the cycle)
        """, diagnostics("""
        network N(k: int = 3) {
          input v: [8]
          output o = v -> dense(1, activation: sigmoid) loss binary_cross_entropy
          a = v -> dense(k.channels)
          b = v -> dense(y.units)
          z = v -> dense(z.units)
        }
        """).replaceAll("(?m)^test.cnn:[45]:\\d+: warning.*\n", "").replaceAll("(?m)^.*W0216.*\n", ""));
  }

  @Test
  void aParameterDefaultCannotAskForAShape() {
    assertEquals("""
        test.cnn:1:40: error[E0223]: the default of a parameter cannot ask for the shape of tensor `x` (hint: compute \
        it in the block's body instead: let c = x.channels)
        """, diagnostics("""
        block b(x: tensor, y: tensor, c: int = x.channels) {
          return concat(x, y) -> conv(c, 1)
        }
        network N() {
          input image: [8, 8, 2]
          output o = b(image, image) -> flatten -> dense(10)
          output p = image -> b(image) -> flatten -> dense(10)
        }
        """));
  }

  @Test
  void ifConditionsAndInputSizesCannotAskANetworksTensorsButABlockMayBranchOnItsInput() {
    assertEquals("""
        test.cnn:3:6: error[E0223]: the shape of `image` is not known here: `if` conditions and input sizes are \
        evaluated before the tensors of network N exist (hint: use a network parameter instead)
        test.cnn:6:17: error[E0223]: the shape of `image` is not known here: `if` conditions and input sizes are \
        evaluated before the tensors of network N exist (hint: use a network parameter instead)
        """, diagnostics("""
        network N() {
          input image: [8, 8, 3]
          if image.channels == 3 {
            output o = image -> flatten -> dense(2)
          }
          input extra: [image.channels]
          output p = extra -> dense(2)
        }
        """).replaceAll("(?m)^.*W0216.*\n", ""));
    NetworkGraph g = Specs.elaborate("""
        block widen(x: tensor) {
          if x.channels < 8 {
            y = x -> conv(8, 1)
          } else {
            y = x -> relu
          }
          return y
        }
        network N() {
          input image: [8, 8, 3]
          a = image -> widen -> widen
          output o = a -> flatten -> dense(2)
        }
        """).clean().only();
    // 3 channels: the first widens with a conv; 8 channels: the second is a relu
    assertEquals("conv", g.layer("widen_1/y").orElseThrow().op().kind());
    assertEquals("relu", g.layer("a/y").orElseThrow().op().kind());
  }

  @Test
  void aDotWithoutAPropertyIsASyntaxErrorListingTheProperties() {
    assertEquals("""
        test.cnn:3:27: error[E0101]: expected a name in `v.`, found ')' (hint: a tensor's shape property is one of \
        height, width, channels, units, shape: v.channels)
        """, diagnostics("network N() {\n  input v: [4]\n  output o = v -> dense(v.)\n}\n"));
  }

  @Test
  void anAssertMayCheckABlocksInputShape() {
    assertEquals("""
        test.cnn:2:3: error[E0211]: assertion failed in block even: even needs an even channel count
        """, diagnostics("""
        block even(x: tensor) {
          assert x.channels % 2 == 0, "even needs an even channel count"
          return x -> mfm
        }
        network N() {
          input image: [4, 4, 3]
          output o = image -> even -> flatten -> dense(2)
        }
        """));
  }
}
