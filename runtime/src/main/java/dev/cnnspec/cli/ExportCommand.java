package dev.cnnspec.cli;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.onnx.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn export MODEL --onnx FILE}: a trained model (the {@code model.zip} of {@code cnn train}
 * or its run directory) with its weights, or a spec / zoo name with the initial weights of
 * {@code --seed}, as an ONNX model. The graph comes from the checked network model — recompiled
 * from the spec the model was trained from, or from {@code --spec} — and every DL4J layer's
 * parameter count is checked against it before anything is written.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a trained model, or a spec with initial weights, as ONNX.")
final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL",
      description = "model.zip or the --out directory of cnn train; or a .cnn spec or zoo network name")
  String model;

  @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "the ONNX file to write")
  Path onnx;

  @Option(names = "--spec", paramLabel = "SPEC",
      description = "for a model.zip: the spec or zoo name it was built from (default: the one model.json names)")
  String specOption;

  @Mixin
  SpecOptions specOptions = new SpecOptions();

  @Option(names = "--seed", defaultValue = "42", description = "initial weights of a spec (default ${DEFAULT-VALUE})")
  long seed;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    Map<String, String> overrides = specOptions.set.values();
    String network = specOptions.network;
    Path path = Path.of(model);
    NetworkModel checked;
    ComputationGraph weights;
    String origin;
    if (isSavedModel(path)) {
      SavedModel saved = SavedModel.load(path);
      Provenance made = saved.provenance();
      origin = specOption != null ? specOption : made.origin();
      if (origin == null || origin.isBlank()) {
        throw new UserError(saved.file() + ": model.json does not say which spec the model was built from;"
            + " give it with --spec");
      }
      checked = resolve(origin, network != null ? network : saved.network(),
          overrides.isEmpty() ? made.overrides() : overrides);
      weights = saved.graph();
      checkWeightsMatch(checked, weights, saved.file(), origin);
    } else {
      origin = model;
      checked = resolve(model, network, overrides);
      weights = Dl4jGraphFactory.network(checked, seed, new Adam(1e-3));
    }
    OnnxExport.write(weights, checked, onnx);
    stdout.printf("wrote %s: %s (from %s), ONNX opset %d, %,d parameters%n", onnx, checked.name(), origin,
        OnnxExport.OPSET, checked.totalParameters());
    for (InputNode in : checked.inputs()) {
      stdout.printf("  input  %-12s %s%n", in.name(), dims(in.shape()));
    }
    for (OutputModel out : checked.outputs()) {
      stdout.printf("  output %-12s %s%n", out.name(), dims(out.shape()));
    }
    stdout.flush();
    return 0;
  }

  private static boolean isSavedModel(Path path) {
    return path.toString().endsWith(".zip") || Files.isRegularFile(path.resolve("model.zip"));
  }

  private static NetworkModel resolve(String source, String network, Map<String, String> overrides) {
    ModelSource.Resolved r = ModelSource.resolve(source, network, overrides, 0);
    return r.model().orElseThrow(() -> new UserError(source + " is a class without its checked model;"
        + " give the .cnn spec it was generated from with --spec"));
  }

  /** Every layer of the checked model exists in DL4J with the parameter count the checker gave it. */
  private static void checkWeightsMatch(NetworkModel checked, ComputationGraph graph, Path file, String origin) {
    for (LayerModel layer : checked.layers()) {
      // Parameter-free layers may be DL4J vertices (flatten, add, concat), which have no Layer.
      Layer l = graph.getLayer(layer.name());
      boolean present = graph.getVertex(layer.name()) != null;
      long dl4j = l == null ? 0 : l.numParams();
      if (!present || dl4j != layer.parameters()) {
        throw new UserError(file + " does not hold network " + checked.name() + " of " + origin + ": layer "
            + layer.name() + (!present ? " is missing" : " has " + dl4j + " parameters, the spec gives it "
            + layer.parameters()) + "; give the spec and --set values it was trained with (--spec, --set)");
      }
    }
  }

  /** NCHW with the batch dimension, as the ONNX model declares it. */
  private static String dims(dev.cnnspec.model.Shape shape) {
    List<Integer> d = shape.dims();
    List<Integer> nchw = d.size() == 3 ? List.of(d.get(2), d.get(0), d.get(1)) : d;
    return "[N, " + nchw.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]";
  }
}
