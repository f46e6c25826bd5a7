package dev.cnnspec.cli;

import dev.cnnspec.importer.keras.KerasImporter;
import dev.cnnspec.runtime.train.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn import keras FILE [--weights FILE] [--out net.cnn] [--name NAME] [--map CLASS=LAYER]}:
 * writes the spec (checked by the compiler before it is written) and, when the file has weights,
 * {@code NAME.weights.zip} beside it, which {@code cnn train SPEC --init} and
 * {@code InitialWeights.load} read.
 */
@Command(name = "keras", mixinStandardHelpOptions = true,
    description = "Import a Keras 3 .keras archive, a Keras .h5 model or a to_json() config.")
final class ImportKerasCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "model.keras, model.h5 or model.json")
  Path file;

  @Option(names = "--weights", paramLabel = "FILE", description = "weights (.h5) for a JSON config, or to replace the file's own")
  Path weights;

  @Option(names = "--out", paramLabel = "SPEC", description = "the spec to write (default NAME.cnn); weights go beside it")
  Path out;

  @Option(names = "--name", paramLabel = "NAME", description = "the network's name (default: the Keras model's)")
  String name;

  @Option(names = "--map", paramLabel = "CLASS=LAYER",
      description = "import a custom Keras layer as a spec layer, e.g. Maxout=mfm (repeatable)")
  Map<String, String> maps = new LinkedHashMap<>();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    Map<String, String> custom = KeyValues.checked(maps, KeyValues.MAP);
    // Without --out the spec is NAME.cnn, and the importer compiles it under that name.
    String specPath = out == null ? null : out.getFileName().toString();
    KerasImporter.Options options = KerasImporter.Options.defaults(specPath).withCustomLayers(custom).withNetworkName(name);
    KerasImporter.Result result = KerasImporter.importModel(file, weights, options);
    if (out == null) {
      out = Path.of(result.model().name() + ".cnn");
    }
    String text = result.specText();
    AtomicFiles.write(out, tmp -> java.nio.file.Files.writeString(tmp, text));
    stdout.printf(Locale.ROOT, "wrote %s: network %s, %,d parameters%s%n", out, result.model().name(),
        result.model().totalParameters(), result.kerasParameters().isPresent() ? " (as Keras counts them)" : "");
    if (result.graph().isPresent()) {
      Path weightsOut = weightsFileFor(out);
      ComputationGraph graph = result.graph().get();
      AtomicFiles.write(weightsOut, tmp -> ModelSerializer.writeModel(graph, tmp.toFile(), false));
      stdout.printf("wrote %s: the Keras weights, in DL4J's layout (cnn train %s --init %s)%n", weightsOut, out,
          weightsOut);
    } else {
      stdout.printf("no weights in %s: the spec only (give --weights FILE.h5 for them)%n", file);
    }
    stdout.flush();
    return 0;
  }

  /** {@code net.cnn} → {@code net.weights.zip}, in the same directory. */
  static Path weightsFileFor(Path spec) {
    String stem = spec.getFileName().toString().replaceFirst("\\.cnn$", "");
    return spec.resolveSibling(stem + ".weights.zip");
  }
}
