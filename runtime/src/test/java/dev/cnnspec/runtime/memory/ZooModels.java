package dev.cnnspec.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Zoo networks compiled from the specs module's sources (the runtime cannot see the generated classes). */
final class ZooModels {
  static final Path ROOT = Path.of("../specs/src/main/cnn");

  private ZooModels() {}

  /** DL4J's input type for the network's first input, as the back end declares it. */
  static org.deeplearning4j.nn.conf.inputs.InputType inputType(NetworkModel model) {
    var in = model.inputs().get(0).shape().dims();
    return in.size() == 3
        ? org.deeplearning4j.nn.conf.inputs.InputType.convolutional(in.get(0), in.get(1), in.get(2))
        : org.deeplearning4j.nn.conf.inputs.InputType.feedForward(in.get(0));
  }

  static NetworkModel network(String file, String name) {
    Compilation c = new CnnCompiler(List.of(ROOT), Map.of())
        .compileFiles(List.of(ROOT.resolve("dev/cnnspec/zoo").resolve(file)));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }
}
