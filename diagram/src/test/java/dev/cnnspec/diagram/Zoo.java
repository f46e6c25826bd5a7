package dev.cnnspec.diagram;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The model zoo's specs, compiled from the sources in the specs module (no DL4J needed). */
final class Zoo {
  static final Path ROOT = Path.of("../specs/src/main/cnn");
  static final Path DIR = ROOT.resolve("dev/cnnspec/zoo");

  private Zoo() {}

  static List<NetworkModel> all() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".cnn")).sorted().toList();
    }
    Compilation c = new CnnCompiler(List.of(ROOT), Map.of()).compileFiles(files);
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks();
  }

  static NetworkModel network(String name) throws IOException {
    return all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  static NetworkModel compile(String spec) {
    Compilation c = new CnnCompiler(List.of(), Map.of())
        .compile(List.of(new dev.cnnspec.diag.SourceText("test.cnn", spec)));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().get(0);
  }
}
