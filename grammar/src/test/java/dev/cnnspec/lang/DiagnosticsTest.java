package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One negative test per diagnostic of the language front end, on a real bad spec: the id, the
 * whole message with its hint, and {@code line:col}.
 */
class DiagnosticsTest {
  static final String HEAD = "network N(classes: int = 10) {\n  input image: [8, 8, 1]\n";
  static final String TAIL = "  output probs = f -> flatten -> dense(classes, activation: softmax)\n}\n";

  static void assertDiagnostics(String spec, String expected) {
    assertDiagnostics(spec, Map.of(), expected);
  }

  static void assertDiagnostics(String spec, Map<String, String> overrides, String expected) {
    assertEquals(expected, Specs.elaborate(spec, overrides).diagnostics().toString());
  }

  @Test
  void e0101SeveralSyntaxErrorsInOneFile() {
    assertDiagnostics("""
        network N() {
          input image: [8, 8, 1]
          f = image -> conv(6, 5 -> maxpool
          g = f -> -> relu
          output p = g -> dense(10 activation: softmax)
        }
        """, """
        test.cnn:3:26: error[E0101]: expected ')' or ',' to close the argument list of conv, found '->' (hint: check that every '(' has its ')' and that arguments are separated by ',')
        test.cnn:4:12: error[E0101]: unexpected '->' in the definition of g; expected a name or '('
        test.cnn:5:28: error[E0101]: expected ')' or ',' to close the argument list of dense, found `activation` (hint: check that every '(' has its ')' and that arguments are separated by ',')
        """);
  }

  @Test
  void e0101IncompleteLineIsReportedAtItsEndAndTheNextStatementStillParses() {
    assertDiagnostics("""
        network N() {
          input v: [3]
          x = v ->
          let a = 3 +
          output o = v -> dense(a) -> dense(2
        }
        """, """
        test.cnn:3:11: error[E0101]: expected a name or '(' in the definition of x, found keyword `let`
        test.cnn:4:14: error[E0101]: expected an expression in let a, found keyword `output`
        test.cnn:5:38: error[E0101]: expected ')' or ',' to close the argument list of dense, found '}' (hint: check that every '(' has its ')' and that arguments are separated by ',')
        """);
  }

  @Test
  void e0101UnclosedBodyIsReportedWhereTheBraceIsMissing() {
    assertDiagnostics("""
        network N() {
          x = image -> conv(6, 3)

        network M() {
          input a: [3]
          output o = a -> dense(2)
        }
        """, """
        test.cnn:2:26: error[E0101]: expected '}' to close the body of network N before the next declaration (hint: add the missing '}')
        """);
  }

  @Test
  void e0101LexicalProblems() {
    assertDiagnostics("""
        network N() {
          input image: [8, 8, 1] # comment
          f = image -> conv(filters = 6, 3)
          output o = f -> dense(2);
          s = "abc
        }
        """, """
        test.cnn:2:26: error[E0101]: '#' does not start a comment (hint: comments start with // or /*)
        test.cnn:3:29: error[E0101]: expected ')' or ',' to close the argument list of conv, found '=' (hint: arguments are named with ':', as in conv(6, kernel: 5))
        test.cnn:4:27: error[E0101]: unexpected character ';' (hint: statements need no ';': end the line instead)
        test.cnn:5:7: error[E0101]: unterminated string (hint: close the string with " on the same line)
        """);
  }

  @Test
  void e0101StatementInTheWrongBody() {
    assertDiagnostics("""
        block b(x: tensor) {
          input y: [3]
          return x
        }
        network N() {
          input a: [3]
          return a
          output o = a -> b -> dense(2)
        }
        """, """
        test.cnn:2:9: error[E0101]: `input` is not allowed in block b (hint: declare a parameter `y: tensor` instead)
        test.cnn:7:3: error[E0101]: `return` is not allowed in network N (hint: a network ends in outputs: output NAME = CHAIN)
        """);
  }

  @Test
  void e0201UnknownLayer() {
    assertDiagnostics(HEAD + "  f = image -> conv2d(6, 3)\n" + TAIL, """
        test.cnn:3:16: error[E0201]: unknown layer or block `conv2d` (hint: did you mean `conv`?)
        """);
  }

  @Test
  void e0202UnknownArgument() {
    assertDiagnostics(HEAD + "  f = image -> conv(6, 3, kernal: 3)\n" + TAIL, """
        test.cnn:3:27: error[E0202]: conv has no argument `kernal` (hint: did you mean `kernel`? conv is conv(filters: int, kernel: int or [h, w], stride: int or [h, w], padding: padding, int or [h, w], activation: activation, bias: bool, dilation: int or [h, w], alpha: float, groups: int))
        """);
  }

  @Test
  void e0203UndefinedName() {
    assertDiagnostics(HEAD + "  f = image -> conv(6, 3) -> dense(clases)\n" + TAIL, """
        test.cnn:3:36: error[E0203]: undefined name `clases` (hint: did you mean `classes`?)
        """);
  }

  @Test
  void e0203UnknownEnumConstant() {
    assertDiagnostics(HEAD + "  f = image -> conv(6, 3, activation: rleu, padding: smae)\n" + TAIL, """
        test.cnn:3:39: error[E0203]: `rleu` is not an activation (argument `activation` of conv) (hint: did you mean `relu`? activation is one of identity, relu, leaky_relu, tanh, sigmoid, softmax, mfm, relu6, swish, hard_sigmoid, hard_swish, gelu, elu, selu, silu)
        test.cnn:3:54: error[E0203]: `smae` is not a padding (argument `padding` of conv) (hint: did you mean `same`? padding is one of same, valid, or the zeros on each side: 1 or [1, 2])
        """);
  }

  @Test
  void e0203UndefinedTensor() {
    assertDiagnostics(HEAD + "  f = imag -> conv(6, 3)\n" + TAIL, """
        test.cnn:2:9: warning[W0216]: input `image` of network N is never used (hint: feed it into a chain, or delete it)
        test.cnn:3:7: error[E0203]: undefined tensor `imag` in network N (hint: did you mean `image`?)
        """);
  }

  @Test
  void e0204WrongType() {
    assertDiagnostics(HEAD + "  f = image -> conv(6.5, 3)\n" + TAIL, """
        test.cnn:3:21: error[E0204]: argument `filters` of conv must be an int, found float 6.5 (hint: write a whole number such as 64)
        """);
  }

  @Test
  void e0204UnknownParameterTypeStopsTheNetwork() {
    Specs.Elaborated r = Specs.elaborate("network N(n: integer = 3) {\n  input v: [3]\n  output o = v -> dense(n)\n}\n");
    assertEquals("""
        test.cnn:1:14: error[E0204]: unknown type `integer` for parameter `n` (hint: types are int, float, bool, int[], activation, padding, loss, tensor)
        """, r.diagnostics().toString());
    assertEquals(0, r.graphs().size());
  }

  @Test
  void e0205MissingRequiredArgument() {
    assertDiagnostics(HEAD + "  f = image -> conv(6)\n" + TAIL, """
        test.cnn:3:16: error[E0205]: conv is missing the required argument `kernel` (hint: pass kernel (int or [h, w]); conv is conv(filters: int, kernel: int or [h, w], stride: int or [h, w], padding: padding, int or [h, w], activation: activation, bias: bool, dilation: int or [h, w], alpha: float, groups: int))
        """);
  }

  @Test
  void e0205NetworkParameterWithoutValue() {
    assertDiagnostics("network N(depth: int) {\n  input image: [3]\n  output o = image -> dense(2)\n}\n", """
        test.cnn:1:9: error[E0205]: network N needs a value for its parameter `depth` (hint: give it a default (depth: int = …) or set it: --set depth=…)
        """);
  }

  @Test
  void e0206DuplicateDefinition() {
    assertDiagnostics(HEAD + "  f = image -> conv(6, 3)\n  f = image -> conv(8, 3)\n" + TAIL, """
        test.cnn:4:3: error[E0206]: `f` is already defined in network N at test.cnn:3:3 (hint: each name is defined once per body; rename one of them)
        """);
  }

  @Test
  void e0207ArgumentTwice() {
    assertDiagnostics(HEAD + "  f = image -> conv(6, 3, filters: 8)\n" + TAIL, """
        test.cnn:3:27: error[E0207]: argument `filters` of conv is given twice (hint: keep one of them)
        """);
  }

  @Test
  void e0208TooManyPositional() {
    assertDiagnostics(HEAD + "  f = image -> conv(6, 3, 1, same, relu, true, 1, 0.1, 1, 7)\n" + TAIL, """
        test.cnn:3:59: error[E0208]: too many arguments for conv: it takes 9 positional arguments here (hint: remove the extra arguments; conv is conv(filters: int, kernel: int or [h, w], stride: int or [h, w], padding: padding, int or [h, w], activation: activation, bias: bool, dilation: int or [h, w], alpha: float, groups: int))
        """);
  }

  @Test
  void e0209CycleNamesItsPath() {
    assertDiagnostics(HEAD + "  f = g -> conv(6, 3)\n  g = h -> relu\n  h = f -> relu\n" + TAIL, """
        test.cnn:2:9: warning[W0216]: input `image` of network N is never used (hint: feed it into a chain, or delete it)
        test.cnn:5:7: error[E0209]: tensor `f` depends on itself: f → g → h → f (hint: a tensor cannot be computed from its own result; break the cycle)
        """);
  }

  @Test
  void e0209LetCycle() {
    assertDiagnostics(HEAD + "  let a = b + 1\n  let b = a * 2\n  f = image -> conv(a, 3)\n" + TAIL, """
        test.cnn:4:11: error[E0209]: let `a` depends on itself: a → b → a (hint: a let cannot be computed from its own result; break the cycle)
        """);
  }

  @Test
  void e0210InvalidValues() {
    assertDiagnostics(HEAD + "  f = image -> conv(0, 3)\n  g = image -> dropout(1.5)\n  h = image -> conv(classes / 0, 3)\n"
        + "  output a = g -> flatten -> dense(2)\n  output b = h -> flatten -> dense(2)\n" + TAIL, """
        test.cnn:3:21: error[E0210]: filters of conv must be positive, found 0 (hint: use a value of at least 1)
        test.cnn:4:24: error[E0210]: dropout rate must be in [0, 1), found 1.5 (hint: the rate is the fraction of activations dropped (Keras semantics): 0.5 drops half)
        test.cnn:5:29: error[E0218]: division by zero (hint: make sure the divisor cannot be 0)
        """);
  }

  /** A rejected input is reported once, at its dimension; its uses must not add "undefined tensor". */
  @Test
  void e0210BadInputDimensionDoesNotCascadeIntoItsUses() {
    assertDiagnostics("network N() {\n  input image: [0, 8, 1]\n  f = image -> conv(4, 3)\n"
        + "  output o = image -> flatten -> dense(2)\n  output p = f -> flatten -> dense(2)\n}\n", """
        test.cnn:2:17: error[E0210]: dimension of input image must be positive, found 0 (hint: use a size of at least 1)
        """);
  }

  @Test
  void e0211AssertionFailed() {
    assertDiagnostics("network N(depth: int = 7) {\n  assert depth % 2 == 0, \"depth must be even\"\n  input image: [8, 8, 1]\n"
        + "  f = image -> relu\n" + TAIL.replace("classes", "2"), """
        test.cnn:2:3: error[E0211]: assertion failed in network N: depth must be even (hint: with depth = 7)
        """);
  }

  @Test
  void e0212UnboundedRecursion() {
    assertDiagnostics("block tower(x: tensor, n: int) {\n  return x -> relu -> tower(n + 1)\n}\n" + HEAD
        + "  f = image -> tower(1)\n" + TAIL, """
        test.cnn:2:23: error[E0212]: block `tower` expands without end: it is nested in itself more than 64 times (tower → tower → tower → tower → …) (hint: a block that calls itself must stop, e.g. with `if n > 0 { … } else { return x }` on a shrinking parameter)
        """);
  }

  @Test
  void boundedRecursionIsFine() {
    Specs.Elaborated r = Specs.elaborate("""
        block tower(x: tensor, n: int) {
          if n > 0 {
            return x -> relu -> tower(n - 1)
          } else {
            return x
          }
        }
        network N() {
          input image: [4]
          output o = image -> tower(3) -> dense(2)
        }
        """).clean();
    assertEquals("""
        tower_1/relu_1: relu[image]
        tower_1/tower_1/relu_1: relu[tower_1/relu_1]
        tower_1/tower_1/tower_1/relu_1: relu[tower_1/tower_1/relu_1]
        o: dense[tower_1/tower_1/tower_1/relu_1]
        """, Specs.wiring(r.only()));
  }

  @Test
  void e0213NoOutput() {
    assertDiagnostics("network N() {\n  input image: [8, 8, 1]\n  f = image -> relu\n}\n", """
        test.cnn:1:9: error[E0213]: network N has no output (hint: add an output head, e.g. output probs = x -> dense(classes, activation: softmax))
        test.cnn:3:3: warning[W0216]: tensor `f` in network N is never used, so its layers are left out (hint: use it in a chain or an output, or delete it)
        """);
  }

  @Test
  void e0214UnknownNetwork() {
    assertDiagnostics("network R = Resnet(depth: 18)\nnetwork ResNet(depth: int = 50) {\n  input image: [3]\n"
        + "  output o = image -> dense(2)\n}\n", """
        test.cnn:1:13: error[E0214]: unknown network `Resnet` (hint: did you mean `ResNet`?)
        """);
  }

  @Test
  void e0215UnknownOverride() {
    assertDiagnostics(HEAD + "  f = image -> relu\n" + TAIL, Map.of("clases", "3"), """
        --set clases: error[E0215]: no network has a parameter `clases` (hint: did you mean `classes`? the parameters are [classes])
        """);
  }

  @Test
  void e0204UnreadableOverride() {
    assertDiagnostics(HEAD + "  f = image -> relu\n" + TAIL, Map.of("classes", "x1"), """
        --set classes: error[E0204]: cannot read `x1` as a value for parameter `classes` of network N (hint: the parameter is int; write e.g. --set classes=10)
        """);
    assertDiagnostics(HEAD + "  f = image -> relu\n" + TAIL, Map.of("classes", "2.5"), """
        --set classes: error[E0204]: argument `classes` of network N must be an int, found float 2.5 (hint: write a whole number such as 64)
        """);
  }

  @Test
  void w0216UnusedTensor() {
    Specs.Elaborated r = Specs.elaborate(HEAD + "  f = image -> conv(6, 3)\n  unused = image -> relu\n" + TAIL);
    assertEquals("""
        test.cnn:4:3: warning[W0216]: tensor `unused` in network N is never used, so its layers are left out (hint: use it in a chain or an output, or delete it)
        """, r.diagnostics().toString());
    assertEquals("f: conv[image]\nflatten_1: flatten[f]\nprobs: dense[flatten_1]\n", Specs.wiring(r.only()));
    assertEquals(false, r.only().layer("unused").isPresent());
  }

  @Test
  void e0217BlockWithoutReturn() {
    assertDiagnostics("block b(x: tensor) {\n  y = x -> relu\n}\n" + HEAD + "  f = image -> b\n" + TAIL, """
        test.cnn:1:7: error[E0217]: block b returns no tensor (hint: end the block with `return CHAIN`)
        test.cnn:2:3: warning[W0216]: tensor `y` in block b is never used, so its layers are left out (hint: use it in a chain or an output, or delete it)
        """);
  }
}
