package dev.cnnspec.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link DiagnosticCode} has a negative test: a small spec that produces it, with its id,
 * location and message (STYLE.md practice 8). A code added to the catalog without a case here fails
 * {@link #everyCodeHasACase} with its name. Codes that no {@code .cnn} file can produce (the Java
 * front end's, the compiler's own failure) name the test that covers them instead, and that test
 * must mention the code.
 */
class EveryDiagnosticCodeTest {
  static final String V = "network N() {\n  input v: [4]\n";
  static final String I = "network N() {\n  input image: [4, 4, 1]\n";
  static final String END = "}\n";

  /** A spec (one or more in-memory files), the --set overrides, and what must be reported. */
  record Case(List<SourceText> sources, Map<String, String> overrides, String location, String message, int times) {
    Case(List<SourceText> sources, Map<String, String> overrides, String location, String message) {
      this(sources, overrides, location, message, 1);
    }
  }

  /** A code covered by a test of another module or package, which must mention it. */
  record Elsewhere(String testFile) {}

  static final Map<DiagnosticCode, Object> CASES = new EnumMap<>(DiagnosticCode.class);

  static void spec(DiagnosticCode code, String text, String location, String message) {
    CASES.put(code, new Case(List.of(new SourceText("test.cnn", text)), Map.of(), location, message));
  }

  static {
    spec(DiagnosticCode.SYNTAX, V + "  output o = v -> dense(2\n" + END, "test.cnn:3:26",
        "expected ')' or ',' to close the argument list of dense, found '}'");
    spec(DiagnosticCode.NESTING_TOO_DEEP, V + "  let x = " + "(".repeat(300) + "1" + ")".repeat(300) + "\n" + END,
        "test.cnn:3:" + (11 + 199), "nesting deeper than 200 levels at `(`");
    spec(DiagnosticCode.UNKNOWN_LAYER, V + "  output o = v -> dnse(2)\n" + END, "test.cnn:3:19",
        "unknown layer or block `dnse`");
    spec(DiagnosticCode.SHAPE_QUERY, I + "  output o = image -> flatten -> dense(image.units)\n" + END, "test.cnn:3:46",
        "`image` is spatial (4, 4, 1), so it has no .units");
    spec(DiagnosticCode.UNKNOWN_ARGUMENT, V + "  output o = v -> dense(2, unitz: 3)\n" + END, "test.cnn:3:28",
        "dense has no argument `unitz`");
    spec(DiagnosticCode.UNDEFINED_NAME, V + "  output o = v -> dense(clases)\n" + END, "test.cnn:3:25",
        "undefined name `clases`");
    spec(DiagnosticCode.WRONG_ARGUMENT_TYPE, V + "  output o = v -> dense(1.5)\n" + END, "test.cnn:3:25",
        "argument `units` of dense must be an int");
    spec(DiagnosticCode.MISSING_ARGUMENT, I + "  output o = image -> conv(6) -> flatten -> dense(2)\n" + END, "test.cnn:3:23",
        "conv is missing the required argument `kernel`");
    spec(DiagnosticCode.DUPLICATE_DEFINITION, V + "  let a = 1\n  let a = 2\n  output o = v -> dense(a)\n" + END,
        "test.cnn:4:7", "`a` is already defined in network N at test.cnn:3:7");
    spec(DiagnosticCode.DUPLICATE_ARGUMENT, V + "  output o = v -> dense(2, units: 3)\n" + END, "test.cnn:3:28",
        "argument `units` of dense is given twice");
    spec(DiagnosticCode.TOO_MANY_ARGUMENTS, V + "  output o = v -> dense(2, relu, true, 0.1, 5)\n" + END, "test.cnn:3:45",
        "too many arguments for dense: it takes 4 positional arguments here");
    spec(DiagnosticCode.CYCLE, V + "  let a = b\n  let b = a\n  output o = v -> dense(a)\n" + END, "test.cnn:4:11",
        "let `a` depends on itself: a → b → a");
    spec(DiagnosticCode.INVALID_VALUE, V + "  output o = v -> dense(0)\n" + END, "test.cnn:3:25",
        "units of dense must be positive, found 0");
    spec(DiagnosticCode.ASSERTION_FAILED, V + "  assert 1 > 2, \"one is small\"\n  output o = v -> dense(2)\n" + END,
        "test.cnn:3:3", "assertion failed in network N: one is small");
    spec(DiagnosticCode.RECURSION, "block t(x: tensor) {\n  return x -> t\n}\n" + V + "  output o = v -> t -> dense(2)\n" + END,
        "test.cnn:2:15", "block `t` expands without end: it is nested in itself more than 64 times");
    spec(DiagnosticCode.NO_OUTPUT, V + END, "test.cnn:1:9", "network N has no output");
    spec(DiagnosticCode.UNKNOWN_NETWORK, "network B = Nope()\n", "test.cnn:1:13", "unknown network `Nope`");
    CASES.put(DiagnosticCode.UNKNOWN_PARAMETER, new Case(List.of(new SourceText("test.cnn",
        "network N(classes: int = 2) {\n  input v: [4]\n  output o = v -> dense(classes)\n}\n")), Map.of("clases", "3"),
        "--set clases", "no network has a parameter `clases`"));
    spec(DiagnosticCode.UNUSED_TENSOR, V + "  t = v -> relu\n  output o = v -> dense(2)\n" + END, "test.cnn:3:3",
        "tensor `t` in network N is never used, so its layers are left out");
    spec(DiagnosticCode.MISSING_RETURN, "block b(x: tensor) {\n  y = x -> relu\n}\n" + V + "  output o = v -> b -> dense(2)\n" + END,
        "test.cnn:1:7", "block b returns no tensor");
    spec(DiagnosticCode.ARITHMETIC, V + "  output o = v -> dense(1 / 0)\n" + END, "test.cnn:3:27", "division by zero");
    spec(DiagnosticCode.TOO_LARGE, V + "  output o = v -> relu * 20000 -> dense(2)\n" + END, "test.cnn:3:26",
        "repeating 20000 times is more than the limit of 10000");
    spec(DiagnosticCode.ELABORATION_LIMIT, V + "  output o = v -> ((relu * 0) * 10000) * 10000 -> dense(2)\n" + END,
        "test.cnn:3:21", "network N takes more than 250000 elaboration steps");
    // the language's merges take their tensors as arguments (E0205 for too few): only graphs built
    // by other front ends reach the checker with a wrong count
    CASES.put(DiagnosticCode.WRONG_INPUT_COUNT, new Elsewhere("grammar/src/test/java/dev/cnnspec/check/WiringDiagnosticsTest.java"));
    String net = V + "  output o = v -> dense(2)\n" + END;
    CASES.put(DiagnosticCode.DUPLICATE_NETWORK, new Case(List.of(new SourceText("a.cnn", net), new SourceText("b.cnn", net)),
        Map.of(), "a.cnn:1:9", "network `N` is declared again at b.cnn:1:9", 2)); // and at b.cnn, naming a.cnn
    spec(DiagnosticCode.IMPORT_NOT_FOUND, "import \"missing.cnn\"\n", "test.cnn:1:8",
        "import \"missing.cnn\" names none of the sources being compiled");
    CASES.put(DiagnosticCode.IMPORT_CYCLE, new Case(List.of(new SourceText("a.cnn", "import \"b.cnn\"\n"),
        new SourceText("b.cnn", "import \"a.cnn\"\n")), Map.of(), "b.cnn:1:8", "cyclic import: a.cnn → b.cnn → a.cnn"));
    spec(DiagnosticCode.IMPORT_OUTSIDE_ROOTS, "import \"/etc/passwd.cnn\"\n", "test.cnn:1:8",
        "import \"/etc/passwd.cnn\" is an absolute path");
    spec(DiagnosticCode.SPATIAL_COLLAPSE, I + "  output o = image -> conv(2, 5) -> flatten -> dense(2)\n" + END, "test.cnn:3:23",
        "conv_1: 5×5 kernel is larger than its 4×4 input under valid padding");
    spec(DiagnosticCode.ADD_SHAPE_MISMATCH, V + "  a = v -> dense(2)\n  b = v -> dense(3)\n  output o = add(a, b) -> dense(2)\n" + END,
        "test.cnn:5:14", "add_1: add needs inputs of one shape but got 'a' (2), 'b' (3)");
    spec(DiagnosticCode.CONCAT_SHAPE_MISMATCH, I + "  p = image -> maxpool(2)\n  output o = concat(image, p) -> flatten -> dense(2)\n"
        + END, "test.cnn:4:14", "concat_1: concat joins channels and needs one height × width but got 'image' (4, 4, 1), 'p' (2, 2, 1)");
    spec(DiagnosticCode.MFM_ODD_CHANNELS, V + "  output o = v -> dense(3) -> mfm -> dense(2)\n" + END, "test.cnn:3:31",
        "mfm_1: max-feature-map halves the units and needs an even count but 'dense_1' (3) has 3 units");
    spec(DiagnosticCode.DENSE_ON_SPATIAL, I + "  output o = image -> dense(2)\n" + END, "test.cnn:3:23",
        "o: dense needs a flat input");
    spec(DiagnosticCode.SPATIAL_LAYER_ON_FLAT, V + "  output o = v -> conv(2, 1) -> dense(2)\n" + END, "test.cnn:3:19",
        "conv_1: conv needs a spatial (height, width, channels) input but 'v' (4) is flat");
    spec(DiagnosticCode.RANK_MISMATCH, I + "  input v: [4]\n  output o = add(image, v) -> dense(2)\n" + END, "test.cnn:4:14",
        "add_1: add needs inputs that are all spatial or all flat but got 'image' (4, 4, 1), 'v' (4)");
    spec(DiagnosticCode.UNSUPPORTED_PADDING, "network N() {\n  input image: [8, 9, 1]\n"
        + "  output o = image -> conv(2, [2, 1], stride: [1, 3], padding: same) -> flatten -> dense(2)\n" + END,
        "test.cnn:3:23", "conv_1: padding: same of a 2×1 kernel with stride 1×3 on a 8×9 input pads one dimension unevenly");
    spec(DiagnosticCode.GROUPS_MISMATCH, "network N() {\n  input image: [8, 8, 6]\n"
        + "  output o = image -> conv(8, 3, groups: 4) -> flatten -> dense(2)\n" + END,
        "test.cnn:3:23", "conv_1: conv with groups: 4 needs input channels and filters divisible by 4");
    spec(DiagnosticCode.LOSS_NEEDS_PROBABILITIES, V + "  output o = v -> dense(2, activation: relu)\n" + END, "test.cnn:3:10",
        "output o: loss cross_entropy needs softmax probabilities or logits");
    spec(DiagnosticCode.LOSS_WRONG_PROBABILITIES, V + "  output o = v -> dense(2, activation: sigmoid)\n" + END,
        "test.cnn:3:10", "output o: loss cross_entropy scores one distribution over the units");
    spec(DiagnosticCode.SINGLE_CLASS_HEAD, V + "  output o = v -> dense(1)\n" + END, "test.cnn:3:10",
        "output o: loss cross_entropy over a single unit");
    spec(DiagnosticCode.UNCONNECTED_INPUT, V + "  input w: [4]\n  output o = v -> dense(2)\n" + END, "test.cnn:3:9",
        "input w feeds no output of N");
    spec(DiagnosticCode.NETWORK_TOO_LARGE, V + "  output o = v -> dense(100000) -> dense(100000) -> dense(2)\n" + END,
        "test.cnn:1:9", "network N has 10,000,");
    CASES.put(DiagnosticCode.INVALID_ANNOTATION, new Elsewhere("processor/src/test/java/dev/cnnspec/processor/InvalidInterfaceTest.java"));
    CASES.put(DiagnosticCode.UNKNOWN_INPUT, new Elsewhere("grammar/src/test/java/dev/cnnspec/check/WiringDiagnosticsTest.java"));
    CASES.put(DiagnosticCode.INTERNAL_ERROR, new Elsewhere("processor/src/test/java/dev/cnnspec/processor/InterfaceProcessorTest.java"));
  }

  @Test
  void everyCodeHasACase() {
    List<String> missing = Arrays.stream(DiagnosticCode.values()).filter(c -> !CASES.containsKey(c))
        .map(c -> c.name() + " (" + c.id() + ")").toList();
    if (!missing.isEmpty()) {
      fail("no negative test for " + String.join(", ", missing) + ": add a spec that produces each to"
          + " EveryDiagnosticCodeTest.CASES (or an Elsewhere naming the test that covers it)");
    }
  }

  @Test
  void idsAreUniqueAndInTheirGroup() {
    assertEquals(DiagnosticCode.values().length, Arrays.stream(DiagnosticCode.values()).map(DiagnosticCode::id).distinct().count());
    for (DiagnosticCode c : DiagnosticCode.values()) {
      assertTrue(c.id().matches((c.severity() == Severity.ERROR ? "E" : "W") + "0[1-9]\\d\\d"), c::toString);
    }
  }

  @TestFactory
  Stream<DynamicTest> eachCodeIsProducedWithItsLocationAndMessage() {
    List<DynamicTest> tests = new ArrayList<>();
    CASES.forEach((code, c) -> tests.add(DynamicTest.dynamicTest(code.id() + " " + code.name(), () -> {
      if (c instanceof Elsewhere e) {
        Path file = Path.of("..").resolve(e.testFile());
        assertTrue(Files.isRegularFile(file), () -> code + " is said to be covered by " + e.testFile() + ", which does not exist");
        String text = Files.readString(file);
        assertTrue(text.contains(code.name()) || text.contains(code.id()), () -> e.testFile() + " does not mention " + code);
        return;
      }
      Case k = (Case) c;
      Compilation compilation = new CnnCompiler(List.of(), k.overrides()).compile(k.sources());
      List<Diagnostic> found = compilation.diagnostics().all().stream().filter(d -> d.code() == code).toList();
      assertEquals(k.times(), found.size(), () -> code + " expected " + k.times() + "×:\n" + compilation.diagnostics());
      Diagnostic d = found.get(0);
      assertEquals(k.location(), d.location().toString(), d::toString);
      assertTrue(d.message().startsWith(k.message()), () -> "message of " + code + ": " + d);
      assertEquals(code.severity(), d.severity(), d::toString);
      assertTrue(code.severity() == Severity.WARNING || !compilation.succeeded());
    })));
    return tests.stream();
  }
}
