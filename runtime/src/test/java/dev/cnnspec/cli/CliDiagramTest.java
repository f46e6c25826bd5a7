package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnn diagram}: writes the SVG, honours --set/--network/--depth, and reports bad input. */
class CliDiagramTest {
  @TempDir
  Path dir;

  @Test
  void writesTheSvgOfTheChosenNetworkWithOverrides() throws IOException {
    Path spec = Files.writeString(dir.resolve("two.cnn"), CliSpecTest.TWO);
    Path svg = dir.resolve("out/b.svg");
    Cli c = Cli.run("diagram", spec.toString(), "--network", "B", "--set", "units=3", "-o", svg.toString());
    assertEquals(0, c.status(), c.toString());
    String text = Files.readString(svg);
    assertTrue(text.contains("<title>B</title>") && text.contains(">dense 3<"), text);
  }

  @Test
  void severalNetworksNeedANetworkName() throws IOException {
    Path spec = Files.writeString(dir.resolve("two.cnn"), CliSpecTest.TWO);
    Cli c = Cli.run("diagram", spec.toString(), "-o", dir.resolve("x.svg").toString());
    assertEquals(2, c.status(), c.toString());
    assertTrue(c.err().contains("choose one with --network (A, B)"), c.toString());
  }

  @Test
  void aBadSpecPrintsItsDiagnosticsAndExitsOne() throws IOException {
    Path spec = Files.writeString(dir.resolve("bad.cnn"), CliSpecTest.BAD);
    Cli c = Cli.run("diagram", spec.toString(), "-o", dir.resolve("x.svg").toString());
    assertEquals(1, c.status(), c.toString());
    assertTrue(c.err().contains("bad.cnn:3:"), c.toString());
  }

  @Test
  void aNegativeDepthIsAUsageError() throws IOException {
    Path spec = Files.writeString(dir.resolve("lenet.cnn"), CliSpecTest.LENET);
    Cli c = Cli.run("diagram", spec.toString(), "--depth", "-1", "-o", dir.resolve("x.svg").toString());
    assertEquals(2, c.status(), c.toString());
    assertTrue(c.err().contains("--depth -1"), c.toString());
  }

  @Test
  void malformedSetIsAUsageErrorForEveryCommandSharingTheOption() throws IOException {
    Path spec = Files.writeString(dir.resolve("lenet.cnn"), CliSpecTest.LENET);
    for (String command : new String[] {"check", "summary", "diagram"}) {
      String[] extra = command.equals("diagram") ? new String[] {"-o", dir.resolve("x.svg").toString()} : new String[0];
      Cli noEquals = Cli.run(concat(new String[] {command, spec.toString(), "--set", "classes"}, extra));
      assertEquals(2, noEquals.status(), noEquals.toString());
      // main: picocli's "should be in KEY=VALUE format"; now as the empty value's, with the example
      assertTrue(noEquals.err().contains("--set classes: expected name=value, e.g. --set classes=10"),
          noEquals.toString());
      Cli empty = Cli.run(concat(new String[] {command, spec.toString(), "--set", "classes="}, extra));
      assertEquals(2, empty.status(), empty.toString());
      assertTrue(empty.err().contains("expected name=value"), empty.toString());
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
