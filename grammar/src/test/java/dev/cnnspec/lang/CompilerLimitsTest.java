package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.model.Op;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 6, on generated specs: inputs whose size used to decide the Java stack depth (a
 * StackOverflowError reported as E0901 with a thousand Java frames) or the running time (a block
 * that calls itself twice per level, never finishing). Each either compiles, or stops at a
 * documented limit with one located diagnostic; none takes more than a few seconds.
 */
class CompilerLimitsTest {
  static final Duration QUICKLY = Duration.ofSeconds(20);

  static Specs.Elaborated compile(String spec) {
    return assertTimeoutPreemptively(QUICKLY, () -> Specs.elaborate(spec));
  }

  static int units(Specs.Elaborated r, String layer) {
    return ((Op.Dense) r.only().layer(layer).orElseThrow().op()).units();
  }

  static void assertSingle(Specs.Elaborated r, DiagnosticCode code, String at, String messageStart) {
    Diagnostic d = r.single();
    assertEquals(code, d.code(), d::toString);
    assertEquals(at, d.location().toString(), d::toString);
    assertEquals(true, d.message().startsWith(messageStart), d::toString);
  }

  @Test
  void twoThousandChainedLetsEvaluate() {
    String lets = IntStream.range(1, 2000).mapToObj(i -> "  let a" + i + " = a" + (i - 1) + " + 1\n")
        .collect(Collectors.joining());
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  let a0 = 1\n" + lets
        + "  output o = v -> dense(a1999)\n}\n");
    r.clean();
    assertEquals(2000, units(r, "o"));
  }

  @Test
  void aThreeThousandTermSumEvaluates() {
    String sum = IntStream.range(0, 3000).mapToObj(i -> i % 2 == 0 ? "2" : "(1 - 1)").collect(Collectors.joining(" + "));
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  output o = v -> dense(" + sum + ")\n}\n");
    r.clean();
    assertEquals(3000, units(r, "o"));
  }

  @Test
  void aLongAndChainAndALongComparisonChainFoldWithoutRecursion() {
    String and = IntStream.range(0, 5000).mapToObj(i -> "true").collect(Collectors.joining(" && "));
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  output o = v -> dense(" + and + " ? 3 : 4)\n}\n");
    r.clean();
    assertEquals(3, units(r, "o"));
  }

  @Test
  void deepUnaryMinusStopsAtTheNestingLimitWhereItIsPassed() {
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  output o = v -> dense(" + "-".repeat(10_000) + "4)\n}\n");
    // "  output o = v -> dense(" is 24 columns; with the body's '{' and dense's '(', the 199th '-' is level 201
    assertSingle(r, DiagnosticCode.NESTING_TOO_DEEP, "test.cnn:3:" + (24 + 199), "nesting deeper than 200 levels at `-`");
  }

  @Test
  void deepParenthesesStopAtTheOffendingParenthesisNotAt1x1() {
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  output o = v -> dense(" + "(".repeat(20_000) + "4"
        + ")".repeat(20_000) + ")\n}\n");
    // network's '{' and dense's '(' are two levels: the 199th '(' of the run is level 201
    assertSingle(r, DiagnosticCode.NESTING_TOO_DEEP, "test.cnn:3:" + (24 + 199), "nesting deeper than 200 levels at `(`");
  }

  @Test
  void deepListsGroupsAndPowersStopAtTheLimit() {
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, compile("network N() {\n  let l = " + "[".repeat(5000) + "]".repeat(5000)
        + "\n}\n").single().code());
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, compile("network N() {\n  input v: [4]\n  output o = v -> "
        + "(".repeat(3000) + "relu" + ")".repeat(3000) + " -> dense(2)\n}\n").single().code());
    String power = IntStream.range(0, 3000).mapToObj(i -> "1").collect(Collectors.joining(" ^ "));
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, compile("network N() {\n  let p = " + power + "\n}\n").single().code());
    String ternary = "true ? 1 : ".repeat(3000) + "2";
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, compile("network N() {\n  let t = " + ternary + "\n}\n").single().code());
  }

  @Test
  void aLongIndexChainIsCaughtOnTheTree() {
    // l[0][0]… nests without brackets staying open: the token scan cannot see it, the tree check does
    Specs.Elaborated r = compile("network N() {\n  let l = [1]\n  let x = l" + "[0]".repeat(5000) + "\n}\n");
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, r.single().code(), r.diagnostics()::toString);
  }

  @Test
  void elseIfChainsNestWithinTheLimitAndStopPastIt() {
    String ok = IntStream.range(0, 150).mapToObj(i -> "if n == " + i + " { let w = " + (i + 1) + " }")
        .collect(Collectors.joining(" else ")) + " else { let w = 1 }\n";
    Specs.Elaborated fine = compile("network N(n: int = 149) {\n  input v: [4]\n  " + ok + "  output o = v -> dense(w)\n}\n");
    fine.clean();
    assertEquals(150, units(fine, "o"));
    String deep = IntStream.range(0, 1000).mapToObj(i -> "if n == " + i + " { let w = 1 }")
        .collect(Collectors.joining(" else ")) + "\n";
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP,
        compile("network N(n: int = 1) {\n  input v: [4]\n  " + deep + "  output o = v -> dense(w)\n}\n").single().code());
  }

  @Test
  void aBlockCallingItselfTwicePerLevelStopsAtTheWorkLimit() {
    Specs.Elaborated r = compile("""
        block twice(x: tensor, n: int) {
          if n > 0 {
            a = x -> twice(n - 1)
            return a -> twice(n - 1)
          } else {
            return x
          }
        }
        network N() {
          input v: [4]
          output o = v -> twice(40) -> dense(2)
        }
        """);
    Diagnostic d = r.single();
    assertEquals(DiagnosticCode.ELABORATION_LIMIT, d.code(), d::toString);
    assertEquals(true, d.message().startsWith("network N takes more than 250000 elaboration steps"), d::toString);
    assertEquals("test.cnn", d.location().path());
  }

  @Test
  void repeatsOfNothingStopAtTheWorkLimit() {
    // 10⁸ expansions of an element repeated zero times: no layer is made, so the layer budget never stops it
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  output o = v -> ((relu * 0) * 10000) * 10000 -> dense(2)\n}\n");
    assertSingle(r, DiagnosticCode.ELABORATION_LIMIT, "test.cnn:3:21", "network N takes more than 250000 elaboration steps");
  }

  @Test
  void aThousandDistinctChainedBlocksAreNotRecursion() {
    String blocks = IntStream.range(1, 1000).mapToObj(i -> "block b" + i + "(x: tensor) {\n  return x -> b" + (i + 1)
        + "\n}\n").collect(Collectors.joining()) + "block b1000(x: tensor) {\n  return x -> relu\n}\n";
    Specs.Elaborated r = compile(blocks + "network N() {\n  input v: [4]\n  output o = v -> b1 -> dense(2)\n}\n");
    r.clean();
    assertEquals(true, r.only().layers().get(0).name().startsWith("b1_1/b2_1/b3_1/"), () -> Specs.wiring(r.only()));
    assertEquals(2, r.only().layers().size(), () -> Specs.wiring(r.only()));
  }

  @Test
  void blockNestingPastTheLimitIsALocatedLimitNotRecursion() {
    String blocks = IntStream.range(1, 2500).mapToObj(i -> "block b" + i + "(x: tensor) {\n  return x -> b" + (i + 1)
        + "\n}\n").collect(Collectors.joining()) + "block b2500(x: tensor) {\n  return x -> relu\n}\n";
    Specs.Elaborated r = compile(blocks + "network N() {\n  input v: [4]\n  output o = v -> b1 -> dense(2)\n}\n");
    // b2000's return calls b2001, the 2,001st nested call; its line is 3 × 2000 - 1
    assertSingle(r, DiagnosticCode.ELABORATION_LIMIT, "test.cnn:5999:15", "block `b2001` is called 2000 block calls deep");
  }

  @Test
  void threeThousandChainedTensorDefinitions() {
    // last to first, so that resolving t2999 needs t2998 first, and so on: 3,000 levels deep
    String defs = IntStream.range(1, 3000).map(i -> 3000 - i).mapToObj(i -> "  t" + i + " = t" + (i - 1) + " -> relu\n")
        .collect(Collectors.joining());
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  t0 = v -> relu\n" + defs + "  output o = t2999 -> dense(2)\n}\n");
    r.clean();
    assertEquals(3001, r.only().layers().size());
  }

  @Test
  void aChainOfDefinitionsPastTheLimitIsLocated() {
    String lets = IntStream.range(1, 12_000).mapToObj(i -> "  let a" + i + " = a" + (i - 1) + "\n")
        .collect(Collectors.joining());
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  let a0 = 1\n" + lets + "  output o = v -> dense(a11999)\n}\n");
    Diagnostic d = r.single();
    assertEquals(DiagnosticCode.ELABORATION_LIMIT, d.code(), d::toString);
    assertEquals(true, d.message().contains("chain of more than 10000 definitions"), d::toString);
  }

  @Test
  void operatorsThatDoNotNestAreNotCountedAsNesting() {
    // 300 negative factors, 300 powers of sums, 300 ternaries in separate arguments: long, not deep
    String product = IntStream.range(0, 300).mapToObj(i -> "-1").collect(Collectors.joining(" * "));
    String powers = IntStream.range(0, 300).mapToObj(i -> "1 ^ 2").collect(Collectors.joining(" + "));
    String ternaries = IntStream.range(0, 300).mapToObj(i -> "true ? 1 : 2").collect(Collectors.joining(", "));
    Specs.Elaborated r = compile("network N() {\n  input v: [4]\n  let a = " + product + "\n  let b = " + powers
        + "\n  let c = max(" + ternaries + ")\n  output o = v -> dense(a + b + c)\n}\n");
    r.clean();
    assertEquals(1 + 300 + 1, units(r, "o"));
  }

  @Test
  void aThousandFileImportChainLoads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    for (int i = 0; i < 1000; i++) {
      java.nio.file.Files.writeString(dir.resolve("f" + i + ".cnn"), (i < 999 ? "import \"f" + (i + 1) + ".cnn\"\n" : "")
          + "layer p" + i + " = " + (i < 999 ? "p" + (i + 1) : "dense") + "()\n");
    }
    java.nio.file.Path main = java.nio.file.Files.writeString(dir.resolve("main.cnn"),
        "import \"f0.cnn\"\nnetwork N() {\n  input v: [4]\n  output o = v -> p0(2)\n}\n");
    dev.cnnspec.Compilation c = assertTimeoutPreemptively(QUICKLY,
        () -> new dev.cnnspec.CnnCompiler(java.util.List.of(dir), java.util.Map.of()).compileFiles(java.util.List.of(main)));
    assertEquals(true, c.succeeded(), c::renderDiagnostics);
    assertEquals(1001, c.sources().size());
  }

  @Test
  void theLargestNetworkTheLimitsAllowIsCheckedToo() {
    dev.cnnspec.Compilation c = assertTimeoutPreemptively(QUICKLY, () -> dev.cnnspec.CnnCompiler.withDefaults().compile(
        java.util.List.of(new dev.cnnspec.diag.SourceText("big.cnn",
            "network N() {\n  input v: [4]\n  output o = v -> (relu * 10000) * 1 -> relu * 9990 -> dense(2)\n}\n"))));
    assertEquals(true, c.succeeded(), c::renderDiagnostics);
    assertEquals(19_991, c.networks().get(0).layers().size());
  }
}
