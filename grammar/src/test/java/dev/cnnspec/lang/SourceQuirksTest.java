package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 "smaller, same family", front-end part: files as editors and other tools write them
 * (a BOM, CR line ends, a 1 MB line), and two misleading messages (an instance re-setting a fixed
 * parameter, a --set hint suggesting an activation for an int).
 */
class SourceQuirksTest {
  static final String SPEC = "network N(classes: int = 10) {\n  input v: [4]\n  output o = v -> dense(clases)\n}\n";

  static Compilation compile(String text) {
    return CnnCompiler.withDefaults().compile(List.of(new SourceText("q.cnn", text)));
  }

  @Test
  void aByteOrderMarkIsNotASyntaxError() {
    Compilation c = compile("\uFEFF" + SPEC);
    assertEquals("""
        q.cnn:3:25: error[E0203]: undefined name `clases`
         3 |   output o = v -> dense(clases)
           |                         ^
          hint: did you mean `classes`?
        """, c.renderDiagnostics());
    assertTrue(compile("\uFEFFnetwork N() {\n  input v: [4]\n  output o = v -> dense(2)\n}\n").succeeded());
  }

  @Test
  void lineEndsOfEveryKindCountAsLines() {
    for (String end : List.of("\r", "\r\n", "\n")) {
      Compilation c = compile(SPEC.replace("\n", end));
      assertEquals("q.cnn:3:25: error[E0203]: undefined name `clases` (hint: did you mean `classes`?)\n",
          c.diagnostics().toString(), () -> "line end " + end.replace("\r", "CR").replace("\n", "LF"));
      assertTrue(c.renderDiagnostics().contains(" 3 |   output o = v -> dense(clases)\n"), c::renderDiagnostics);
    }
  }

  @Test
  void aMegabyteLineIsClippedAroundTheCaret() {
    String filler = "/* " + "x".repeat(1 << 20) + " */ "; // 1 MB
    Compilation c = compile("network N() {\n  input v: [4]\n  output o = v -> " + filler + "dense(clases)\n}\n");
    String out = c.renderDiagnostics();
    assertTrue(out.length() < 1_000, () -> "echoed " + out.length() + " characters");
    String[] lines = out.split("\n");
    // the quoted window ends after the caret's token, and the caret still points at `clases`
    int caret = lines[2].indexOf('^');
    assertEquals("clases", lines[1].substring(caret, caret + 6), out);
    assertTrue(lines[1].contains("…xxxxx"), out);
  }

  @Test
  void controlCharactersInAnEchoedLineAreMasked() {
    String out = compile("network N() {\n  input v: [4]\n  output o = v -> dense(x) // \u001b[2J\n}\n").renderDiagnostics();
    assertTrue(!out.contains("\u001b"), out);
    assertTrue(out.contains("// ?[2J"), out);
  }

  @Test
  void anInstanceCannotReSetWhatItsTargetFixed() {
    Specs.Elaborated r = Specs.elaborate("""
        network Base(classes: int = 10, width: int = 8) {
          input v: [4]
          output o = v -> dense(width) -> dense(classes)
        }
        network A = Base(classes: 3)
        network B = A(classes: 4)
        network C = A(16)
        """);
    assertEquals("test.cnn:6:15: error[E0207]: parameter `classes` of network Base was already fixed by network A at"
        + " test.cnn:5:18, so network B cannot set it again (hint: an instance's fixed parameters are no longer"
        + " parameters; instantiate the network itself instead, or leave `classes` free in A)\n", r.diagnostics().toString());
    // a positional argument of C fills A's first free parameter, width: no conflict
    assertEquals(List.of("Base", "A", "C"), r.graphs().stream().map(g -> g.name()).toList());
  }

  @Test
  void aSetOfTheWrongTypeShowsAValueOfTheRightType() {
    Specs.Elaborated r = Specs.elaborate(SPEC.replace("clases", "classes"), Map.of("classes", "relu"));
    assertEquals("--set classes: error[E0204]: cannot read `relu` as a value for parameter `classes` of network N"
        + " (hint: the parameter is int; write e.g. --set classes=10)\n", r.diagnostics().toString());
  }

  @Test
  void aFileOfBrokenLinesStopsAfterAHundredErrors() {
    String broken = "network N() {\n" + "  x = -> relu\n".repeat(200_000) + "}\n";
    Compilation c = compile(broken);
    assertEquals(101, c.diagnostics().all().size());
    assertEquals("q.cnn:102:7: error[E0101]: too many syntax errors: stopped after 100 in this file (hint: fix the errors"
        + " above; the rest of the file is not checked)", c.diagnostics().all().get(100).toString());
    Compilation hashes = compile("# x\n".repeat(200_000));
    assertEquals(101, hashes.diagnostics().all().size());
  }
}
