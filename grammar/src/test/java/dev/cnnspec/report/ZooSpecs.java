package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Networks compiled from the zoo's own spec files (the specs module's sources) or from text. */
final class ZooSpecs {
  private static final Path ROOT = Path.of("../specs/src/main/cnn");

  private ZooSpecs() {}

  static NetworkModel network(String file, String name) {
    Compilation c = new CnnCompiler(List.of(ROOT), Map.of())
        .compileFiles(List.of(ROOT.resolve("dev/cnnspec/zoo").resolve(file)));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  static NetworkModel compile(String spec) {
    Compilation c = new CnnCompiler(List.of(), Map.of()).compile(List.of(new SourceText("test.cnn", spec)));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().get(0);
  }
}
