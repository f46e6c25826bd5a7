package dev.cnnspec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.testing.MiniChecker;
import dev.cnnspec.testing.Networks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where spec networks go (package = directory under the root) and which sources they embed. */
class SpecCodegenTest {
  @TempDir
  Path root;

  @Test
  void packageIsTheSpecDirectoryRelativeToItsRootAndSourcesAreRootRelative() {
    Path lenet = root.resolve("dev/cnnspec/zoo/lenet.cnn");
    Path acts = root.resolve("dev/cnnspec/shared/acts.cnn");
    Path more = root.resolve("dev/cnnspec/shared/more.cnn");
    Path other = root.resolve("dev/cnnspec/zoo/other.cnn");
    NetworkModel model = new MiniChecker().check(Networks.lenet5Graph(lenet.toString(), 10), new Diagnostics())
        .orElseThrow();
    Map<String, SourceText> sources = Map.of(
        lenet.toString(), new SourceText(lenet.toString(), "import \"../shared/acts.cnn\"\n" + Networks.LENET_TEXT),
        acts.toString(), new SourceText(acts.toString(), "import \"more.cnn\"\nlayer conv3 = conv(kernel: 3)\n"),
        more.toString(), new SourceText(more.toString(), "layer conv1 = conv(kernel: 1)\n"),
        other.toString(), new SourceText(other.toString(), "network Other { }\n"));
    List<JavaFile> files = new SpecCodegen(List.of(root))
        .generate(new Compilation(List.of(model), new Diagnostics(), sources));

    assertEquals(1, files.size());
    assertEquals("dev.cnnspec.zoo", files.get(0).packageName());
    assertEquals("LeNet5", files.get(0).typeSpec().name());
    String source = files.get(0).toString();
    assertTrue(source.contains("\"dev/cnnspec/zoo/lenet.cnn\", \"import \\\"../shared/acts.cnn\\\"\\n\""), source);
    assertTrue(source.contains("\"dev/cnnspec/shared/acts.cnn\", "), source);
    assertTrue(source.contains("\"dev/cnnspec/shared/more.cnn\", "), source);
    assertFalse(source.contains("other.cnn"), "a file the network does not import is not embedded");
    assertFalse(source.contains(root.toString()), "no machine-specific path in generated code");
    assertTrue(source.contains("generated from {@code dev/cnnspec/zoo/lenet.cnn:2:9}"), source);
  }

  @Test
  void refusesACompilationWithErrors() {
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.error(DiagnosticCode.SYNTAX, Location.of("a.cnn", 1, 1), "broken", "");
    Compilation failed = new Compilation(List.of(), diagnostics, Map.of());
    assertThrows(IllegalArgumentException.class, () -> new SpecCodegen(List.of(root)).generate(failed));
  }
}
