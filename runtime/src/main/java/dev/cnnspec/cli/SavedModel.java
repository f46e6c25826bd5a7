package dev.cnnspec.cli;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.PixelNormalizer;
import dev.cnnspec.runtime.train.JsonFiles;
import dev.cnnspec.runtime.train.OutputHeads;
import dev.cnnspec.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained model as {@code cnn train} leaves it: {@code model.zip} (DL4J's {@code ModelSerializer}
 * format, loadable by any DL4J program) and {@code model.json} beside it with what the zip cannot
 * hold and prediction needs: class names, the pixel normalisation, the data set, the main output.
 * {@code outputs} is the number of classes the main output scores, measured on the loaded graph.
 */
record SavedModel(ComputationGraph graph, String network, String dataset, List<String> classNames,
    PixelNormalizer normalizer, int mainOutput, Shape input, Path file, int outputs, Provenance provenance) {
  static final String META = "model.json";

  /** The name of class {@code k}, or its index when the model came without names. */
  String className(int k) {
    return k < classNames.size() ? classNames.get(k) : Integer.toString(k);
  }

  static void writeMetadata(Path dir, String network, String origin, Map<String, String> overrides, Shape input,
      String dataset, List<String> classNames, PixelNormalizer normalizer, int mainOutput, double testAccuracy)
      throws IOException {
    JsonFiles.write(dir.resolve(META), ModelMetadata.toFile(network, input, new Provenance(origin, overrides), dataset,
        classNames, normalizer, mainOutput, testAccuracy));
  }

  /**
   * Loads and checks a model: the zip is checked before DL4J reads it ({@link ModelArchive}),
   * {@code model.json} field by field, and the two against each other with one forward pass of a
   * blank image, so that a mismatch is reported here, naming both files, and not as an
   * {@code ArrayIndexOutOfBoundsException} in the middle of {@code eval}.
   *
   * @param path a model zip, or a run directory holding {@code model.zip}
   */
  static SavedModel load(Path path) throws IOException {
    Path zip = Files.isDirectory(path) ? path.resolve(Trainer.MODEL_FILE) : path;
    if (!Files.isRegularFile(zip)) {
      throw new UserError("no model at " + path + (Files.isDirectory(path) ? " (no " + Trainer.MODEL_FILE + " inside)"
          : "") + "; give the model.zip or the --out directory of cnn train");
    }
    Path meta = zip.resolveSibling(META);
    if (!Files.isRegularFile(meta)) {
      // a model saved by another DL4J program: class indices as names, pixels ÷255
      throw new UserError(zip + " has no " + META + " beside it (input shape, classes, normalisation);"
          + " models from cnn train have one");
    }
    ModelArchive.check(zip);
    ComputationGraph graph;
    try {
      graph = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
    } catch (IOException | RuntimeException e) {
      throw new UserError(zip + " is not a DL4J ComputationGraph model zip (" + ModelMetadata.firstLine(e.getMessage())
          + ")");
    } catch (OutOfMemoryError e) {
      // The headers were checked against the entries, so this is a real model too big for the memory given.
      throw new UserError(zip + ": its weights need more memory than there is (" + e.getMessage()
          + "); give the JVM more (CNN_HEAP=8g)");
    }
    ModelMetadata m = ModelMetadata.read(meta, graph.getConfiguration().getNetworkOutputs().size(),
        OutputHeads.mainOutput(graph.getConfiguration()));
    int outputs = ModelMetadata.checkAgainst(graph, m, zip, meta);
    return new SavedModel(graph, m.network(), m.dataset(), m.classNames(), m.normalizer(), m.mainOutput(), m.input(),
        zip, outputs, m.provenance());
  }
}
