package dev.cnnspec.zoo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compiles the zoo's specs, from the module's {@code src/main/cnn} (surefire runs in the module
 * directory), into checked network models: what the Maven plugin compiled at build time, here
 * with parameter overrides too (gap, aux, depth) and with the diagnostics shown on failure.
 */
final class ZooSpecs {
  static final Path ROOT = Path.of("src/main/cnn").toAbsolutePath();
  static final Path ZOO = ROOT.resolve("dev/cnnspec/zoo");

  private ZooSpecs() {}

  /** The network {@code name} of {@code file} (relative to the zoo directory), with overrides. */
  static NetworkModel model(String file, String name, Map<String, String> overrides) {
    Path spec = ZOO.resolve(file);
    assertTrue(Files.isRegularFile(spec), "no spec " + spec);
    Compilation compilation = new CnnCompiler(List.of(ROOT), overrides).compileFiles(List.of(spec));
    if (!compilation.succeeded()) {
      fail(file + " does not compile:\n" + compilation.renderDiagnostics());
    }
    return compilation.networks().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no network " + name + "; it has "
            + compilation.networks().stream().map(NetworkModel::name).toList()));
  }

  /**
   * Every network of every spec under {@code src/main/cnn}, compiled as the Maven plugin compiles
   * them (that directory as the only root, no overrides): what the build generates classes for.
   */
  static List<NetworkModel> all() {
    List<Path> specs;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      specs = walk.filter(p -> p.getFileName().toString().endsWith(".cnn")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the specs under " + ROOT, e);
    }
    assertFalse(specs.isEmpty(), "no .cnn specs under " + ROOT);
    Compilation compilation = new CnnCompiler(List.of(ROOT), Map.of()).compileFiles(specs);
    if (!compilation.succeeded()) {
      fail("the zoo does not compile:\n" + compilation.renderDiagnostics());
    }
    return compilation.networks();
  }

  static NetworkModel model(String file, String name) {
    return model(file, name, Map.of());
  }

  static Shape outputShape(NetworkModel model, String output) {
    return model.outputs().stream().filter(o -> o.name().equals(output)).map(OutputModel::shape)
        .findFirst().orElseThrow(() -> new AssertionError(model.name() + " has no output " + output));
  }

  static Shape shape(NetworkModel model, String tensor) {
    return model.shapeOf(tensor).orElseThrow(() -> new AssertionError(model.name() + " has no tensor " + tensor));
  }
}
