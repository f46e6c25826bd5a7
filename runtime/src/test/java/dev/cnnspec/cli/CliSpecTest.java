package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.diag.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn check} and {@code cnn summary} on spec files written by the test: exit codes,
 * diagnostics, and the JSON interface with parameter counts derived by hand. Skipped (not passed)
 * while the compiler front end is still a stub in this branch.
 */
class CliSpecTest {
  static final String LENET = """
      network LeNet5(classes: int = 10) {
        input image: [32, 32, 1]
        f = image -> conv(6, 5, activation: relu) -> maxpool(2)
                  -> conv(16, 5, activation: relu) -> maxpool(2) -> flatten
        output probs = f -> dense(120, activation: relu) -> dense(84, activation: relu)
                         -> dense(classes, activation: softmax)
      }
      """;
  static final String TWO = """
      network A() { input x: [16]
        output y = x -> dense(4, activation: softmax) }
      network B(units: int = 8) { input x: [16]
        output y = x -> dense(units) -> dense(2, activation: softmax) }
      """;
  static final String BAD = """
      network Bad() {
        input image: [4, 4, 1]
        output probs = image -> conv(8, 5) -> flatten -> dense(2, activation: softmax)
      }
      """;

  @TempDir
  Path dir;

  @BeforeAll
  static void compilerPresent() {
    try {
      CnnCompiler.withDefaults().compile(List.of(new SourceText("probe.cnn", TWO)));
    } catch (UnsupportedOperationException stub) {
      Assumptions.abort("the compiler front end is still a stub in this branch: " + stub.getMessage());
    }
  }

  private String file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @Test
  void checkCleanSpecExitsZero() throws IOException {
    Cli c = Cli.run("check", file("lenet.cnn", LENET), file("two.cnn", TWO));
    assertEquals(0, c.status(), c.toString());
    assertTrue(c.out().contains("3 networks checked: 0 errors"), c.out());
  }

  @Test
  void checkShapeErrorExitsOneWithLocation() throws IOException {
    String bad = file("bad.cnn", BAD);
    Cli c = Cli.run("check", bad, file("lenet.cnn", LENET));
    assertEquals(1, c.status(), c.toString());
    assertTrue(c.out().contains("bad.cnn:3:"), "the diagnostic names the line of the conv: " + c.out());
    assertTrue(c.out().contains("error"), c.out());
    assertFalse(c.err().contains("\tat "), c.toString());
  }

  /** Issue 10 item 9: `cnn train NAME` would pick one of the two silently; check reports both places. */
  @Test
  void checkReportsANetworkDeclaredInTwoFilesAtBoth() throws IOException {
    String a = file("a.cnn", TWO);
    String b = file("b.cnn", TWO);
    Cli c = Cli.run("check", a, b);
    assertEquals(1, c.status(), c.toString());
    assertTrue(c.out().contains("a.cnn:1:9: error[E0222]: network `"), c.out());
    assertTrue(c.out().contains("b.cnn:1:9: error[E0222]: network `"), c.out());
    assertTrue(c.out().contains("is also declared at " + a + ":1:9"), c.out());
  }

  @Test
  void checkMissingFileIsAnError() {
    Cli c = Cli.run("check", dir.resolve("missing.cnn").toString());
    assertEquals(1, c.status(), c.toString());
    assertTrue(c.out().contains("missing.cnn"), c.toString());
  }

  @Test
  void summaryJsonHasTheStableShape() throws IOException {
    Cli c = Cli.run("summary", file("lenet.cnn", LENET), "--json");
    assertEquals(0, c.status(), c.toString());
    JsonNode j = new ObjectMapper().readTree(c.out());
    assertEquals("LeNet5", j.get("network").asText());
    assertEquals("[32,32,1]", j.get("input").toString());
    // 6·(5·5·1+1) + 16·(5·5·6+1) + (400·120+120) + (120·84+84) + (84·10+10)
    long expected = 156 + 2416 + 48120 + 10164 + 850;
    assertEquals(expected, j.get("parameters").get("total").asLong());
    assertEquals(expected, j.get("parameters").get("trainable").asLong());
    assertEquals("probs", j.get("outputs").get(0).get("name").asText());
    assertEquals("[10]", j.get("outputs").get(0).get("shape").toString());
    JsonNode conv1 = j.get("layers").get(0);
    assertEquals("conv", conv1.get("type").asText());
    assertEquals("[28,28,6]", conv1.get("shape").toString());
    assertEquals(156, conv1.get("parameters").asLong());
    assertEquals(28 * 28 * 6 * 25, conv1.get("macs").asLong());
    long sum = 0;
    for (JsonNode l : j.get("layers")) {
      sum += l.get("parameters").asLong();
    }
    assertEquals(expected, sum);
  }

  @Test
  void summaryOverridesAndSelectsNetworks() throws IOException {
    String two = file("two.cnn", TWO);
    Cli all = Cli.run("summary", two, "--json");
    assertEquals(0, all.status(), all.toString());
    assertEquals(2, new ObjectMapper().readTree(all.out()).size());
    Cli b = Cli.run("summary", two, "--json", "--network", "B", "--set", "units=3");
    assertEquals(0, b.status(), b.toString());
    // dense(3) on 16: 16·3+3 = 51; dense(2) on 3: 3·2+2 = 8
    assertEquals(59, new ObjectMapper().readTree(b.out()).get("parameters").get("total").asLong());
    Cli text = Cli.run("summary", two, "--network", "A");
    assertEquals(0, text.status(), text.toString());
    assertTrue(text.out().contains("Network: A"), text.out());
    Cli missing = Cli.run("summary", two, "--network", "C");
    assertEquals(2, missing.status(), missing.toString());
    assertTrue(missing.err().contains("no network C"), missing.toString());
  }

  @Test
  void summaryOfABadSpecExitsOne() throws IOException {
    Cli c = Cli.run("summary", file("bad.cnn", BAD));
    assertEquals(1, c.status(), c.toString());
    assertTrue(c.err().contains("bad.cnn:3:"), c.toString());
  }
}
