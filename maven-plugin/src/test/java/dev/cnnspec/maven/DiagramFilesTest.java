package dev.cnnspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's diagrams: one SVG per network in its package directory, rewritten only on change. */
class DiagramFilesTest {
  @TempDir Path module;

  @Test
  void writesOneDiagramPerNetworkAndRemovesThoseOfVanishedNetworks() throws Exception {
    Path root = module.resolve("src/main/cnn");
    Path spec = root.resolve("dev/zoo/tiny.cnn");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, """
        network Tiny(classes: int = 3) {
          input image: [8, 8, 1]
          output probs = image -> conv(4, 3) -> flatten -> dense(classes, activation: softmax)
        }
        network Tiny5 = Tiny(classes: 5)
        """);
    Path out = module.resolve("target/generated-sources/cnn-diagrams");
    DiagramFiles files = new DiagramFiles(out);

    assertEquals(List.of("dev/zoo/Tiny.svg", "dev/zoo/Tiny5.svg"), files.write(root, compile(root, spec)));
    String svg = Files.readString(out.resolve("dev/zoo/Tiny.svg"));
    assertTrue(svg.startsWith("<?xml") && svg.contains(">conv 4, 3×3<"), svg);
    assertEquals(List.of(), files.write(root, compile(root, spec)), "unchanged diagrams are not rewritten");

    Files.writeString(spec, """
        network Tiny(classes: int = 3) {
          input image: [8, 8, 1]
          output probs = image -> flatten -> dense(classes, activation: softmax)
        }
        """);
    assertEquals(List.of("dev/zoo/Tiny.svg"), files.write(root, compile(root, spec)));
    assertFalse(Files.exists(out.resolve("dev/zoo/Tiny5.svg")));
  }

  private static Compilation compile(Path root, Path spec) {
    Compilation c = new CnnCompiler(List.of(root), Map.of()).compileFiles(List.of(spec));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c;
  }
}
