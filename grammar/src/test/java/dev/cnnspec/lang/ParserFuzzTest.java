package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * No input may make the front end throw: random text, soups of the language's own tokens, and
 * valid specs with tokens deleted, duplicated, swapped or replaced all come back as diagnostics.
 */
class ParserFuzzTest {

  static final List<String> VALID = List.of(
      DesignExamplesTest.LENET, DesignExamplesTest.VGG, DesignExamplesTest.INCEPTION, DesignExamplesTest.RESNET,
      """
      block tower(x: tensor, n: int) {
        if n > 0 { return x -> relu -> tower(n - 1) } else { return x }
      }
      network T(k: int = 2, rate: float = 0.5, act: activation = relu, sizes: int[] = [4, 8]) {
        input v: [16]
        let m = min(k, len(sizes)) + max(1, 2) % 3 - -1
        a = v -> dense(sizes[0], activation: act) -> dropout(rate) -> (dense(4) -> relu) * k when k > 1
        b = v -> dense(sizes[i]) for i in 0..len(sizes) - 1
        c = concat(a, b) -> tower(m) -> leaky_relu(alpha: 0.2) -> activation(tanh)
        output o = c -> dense(2, activation: mfm) -> dense(3, activation: softmax) loss nll weight 0.3
        output p = add(a, b) -> dense(1, activation: sigmoid) loss binary_cross_entropy
      }
      network T2 = T(3, act: tanh)
      """,
      """
      layer c3 = conv(kernel: 3, padding: same)
      layer c3r = c3(activation: relu)
      network Z(n: int = 2) {
        input img: [16, 16, 3]
        x = img -> zeropad([1, 2]) -> c3r(8) * n -> avgpool(2, 1) -> c3(16, stride: [2, 1], dilation: 1)
        y = x -> conv(16, [3, 1], padding: same, activation: mfm) -> bn(momentum: 0.99) -> globalmaxpool
        output o = y -> dense(10, activation: softmax)
      }
      """,
      """
      block half(x: tensor) {
        return add(x, x -> conv(x.channels, 1) -> bn) -> conv(x.channels / 2, 1)
      }
      network S() {
        input img: [8, 8, 4]
        a = img -> half -> concat(img -> maxpool(1), (img -> relu))
        output o = a -> flatten -> dense(a.height * a.width + a.shape[2] - len(img.shape), activation: softmax)
      }
      """);

  static final List<String> VOCABULARY = List.of(
      "import", "layer", "block", "network", "input", "let", "output", "loss", "weight", "return", "assert",
      "if", "else", "for", "in", "when", "true", "false", "->", "..", "[", "]", "(", ")", "{", "}", ",", ":",
      "=", "?", "||", "&&", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "^", "!", "0", "1", "3",
      "2147483647", "99999999999", "0.5", "1e-3", "1e999", "x", "y", "n", "conv", "dense", "relu", "add",
      "concat", "flatten", "maxpool", "tensor", "int", "float", "bool", "int[]", "same", "softmax", "\"m\"",
      "\"x.cnn\"", "//c\n", "/*", "*/", "\n", "#", ";", "\"", "é", ".", "channels", "units", "shape");

  static final Pattern TOKEN = Pattern.compile("\\s+|\\w+|->|\\.\\.|\\|\\||&&|==|!=|<=|>=|\"[^\"\\n]*\"|//[^\\n]*|.");

  @Property(tries = 400)
  void randomText(@ForAll("text") String text) {
    assertNoInternalError(text);
  }

  @Property(tries = 400)
  void tokenSoup(@ForAll("soup") String text) {
    assertNoInternalError(text);
  }

  @Property(tries = 700)
  void mutatedValidSpecs(@ForAll("mutants") String text) {
    net.jqwik.api.statistics.Statistics.collect(outcome(assertNoInternalError(text)));
  }

  /** Reported by jqwik, to show how deep the generated inputs reach (parser only, or elaborator). */
  static String outcome(Specs.Elaborated r) {
    if (r.diagnostics().all().stream().anyMatch(d -> d.code() == DiagnosticCode.SYNTAX)) {
      return "syntax error";
    }
    return r.diagnostics().hasErrors() ? "elaboration error" : "elaborated";
  }

  @org.junit.jupiter.api.Test
  void deepNestingIsASyntaxErrorNotACrash() {
    String deep = "network N() {\n  input v: [3]\n  output o = v -> dense(" + "(".repeat(20_000) + "1"
        + ")".repeat(20_000) + ")\n}\n";
    assertNoInternalError(deep);
    assertFalse(Specs.elaborate(deep).diagnostics().isEmpty());
  }

  static Specs.Elaborated assertNoInternalError(String text) {
    Specs.Elaborated r = Specs.elaborate(text);
    for (Diagnostic d : r.diagnostics().all()) {
      assertFalse(d.code() == DiagnosticCode.INTERNAL_ERROR, d::toString);
    }
    return r;
  }

  /** Mutations that keep the syntax valid, so that they reach the elaborator. */
  @Property(tries = 700)
  void valueMutatedValidSpecs(@ForAll("valueMutants") String text) {
    net.jqwik.api.statistics.Statistics.collect(outcome(assertNoInternalError(text)));
  }

  static final List<String> VALUES = List.of("0", "-1", "1", "2", "7", "2147483647", "0.0", "1.5", "-0.5",
      "1e30", "x", "n", "k", "i", "image", "relu", "same", "mfm", "true", "false", "[]", "[0]", "[1, 2, 3]",
      "[-1, 2]", "classes", "depth", "tower", "conv", "add", "concat", "blocks", "sizes", "m", "c", "b", "a");

  @Provide
  Arbitrary<String> valueMutants() {
    Arbitrary<List<Tuple.Tuple2<Integer, Integer>>> edits = Combinators.combine(
        Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 100_000))
        .as(Tuple::of).list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(Arbitraries.of(VALID), edits).as((spec, list) -> {
      List<String> tokens = new ArrayList<>();
      Matcher m = TOKEN.matcher(spec);
      while (m.find()) {
        tokens.add(m.group());
      }
      List<Integer> words = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).matches("\\w+") && !VOCABULARY.subList(0, 18).contains(tokens.get(i))) {
          words.add(i);
        }
      }
      for (Tuple.Tuple2<Integer, Integer> e : list) {
        tokens.set(words.get(e.get1() % words.size()), VALUES.get(e.get2() % VALUES.size()));
      }
      return String.join("", tokens);
    });
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().withChars("network{}()[]->=:,. \n\"/*abc123").ofMaxLength(200));
  }

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.of(VOCABULARY).list().ofMaxSize(80).map(tokens -> String.join(" ", tokens));
  }

  @Provide
  Arbitrary<String> mutants() {
    Arbitrary<String> spec = Arbitraries.of(VALID);
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> edits = Combinators.combine(
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 100_000),
        Arbitraries.integers().between(0, 100_000)).as(Tuple::of).list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(spec, edits).as(ParserFuzzTest::mutate);
  }

  /** Applies edits to the token list: 0 delete, 1 duplicate, 2 swap, 3 replace from the vocabulary, 4 move. */
  static String mutate(String spec, List<Tuple.Tuple3<Integer, Integer, Integer>> edits) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(spec);
    while (m.find()) {
      tokens.add(m.group());
    }
    for (Tuple.Tuple3<Integer, Integer, Integer> e : edits) {
      if (tokens.isEmpty()) {
        break;
      }
      int i = e.get2() % tokens.size();
      int j = e.get3() % tokens.size();
      switch (e.get1()) {
        case 0 -> tokens.remove(i);
        case 1 -> tokens.add(i, tokens.get(i));
        case 2 -> {
          String t = tokens.get(i);
          tokens.set(i, tokens.get(j));
          tokens.set(j, t);
        }
        case 3 -> tokens.set(i, VOCABULARY.get(e.get3() % VOCABULARY.size()));
        default -> tokens.add(j, tokens.remove(i));
      }
    }
    return String.join("", tokens);
  }
}
