package dev.cnnspec.cli;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.PixelNormalizer;
import dev.cnnspec.runtime.train.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code model.json} that {@code cnn train} writes beside {@code model.zip}, read as untrusted
 * input: bounded in size, bound to {@link ModelFile} by Jackson (a field of the wrong type is
 * refused there, with its line and column), every field then checked for range, each problem a
 * {@link UserError} naming the file and the field; then checked against the graph it describes.
 */
record ModelMetadata(String network, String dataset, List<String> classNames, PixelNormalizer normalizer,
    int mainOutput, Shape input, Provenance provenance) {
  private static final long MAX_BYTES = 1 << 20;
  private static final String RESTORE = "; fix it or restore it from the run directory";
  private static final int MAX_SIDE = 1 << 16;
  /** 4096 × 4096 × 1: beyond any input of the zoo by far, below what a blank test image may cost. */
  private static final long MAX_ELEMENTS = 1 << 24;

  /**
   * @param heads the graph's number of outputs, which {@code main_output} must index
   * @param defaultMain the main output when the file does not name one
   */
  static ModelMetadata read(Path meta, int heads, int defaultMain) throws IOException {
    long size = Files.size(meta);
    if (size > MAX_BYTES) {
      throw new UserError(meta + " is " + size + " bytes; a model.json from cnn train is a few hundred; restore it"
          + " from the run directory");
    }
    ModelFile o;
    try {
      o = JsonFiles.read(meta, ModelFile.class, MAX_BYTES);
    } catch (JsonFiles.JsonFileException e) {
      String top = e.field().replaceFirst("[.\\[].*", "");
      String expected = ModelFile.EXPECTED.get(top);
      throw new UserError(expected == null ? e.getMessage() + "; restore it from the run directory"
          // Jackson's own words name Java types; what the field must be says more
          : e.getMessage().substring(0, e.getMessage().length() - e.problem().length())
              + (top.equals(e.field()) ? "" : "is wrong: \"" + top + "\" ") + "must be " + expected
              + "; fix it or restore it from the run directory");
    }
    Shape input = input(meta, o.input());
    List<String> names = new ArrayList<>();
    if (o.classes() != null) {
      for (String c : o.classes()) {
        names.add(String.valueOf(c));
      }
    }
    ModelFile.Normalizer n = o.normalizer();
    double[] mean = doubles(meta, "mean", n == null ? null : n.mean());
    double[] std = doubles(meta, "std", n == null ? null : n.std());
    PixelNormalizer normalizer = normalizer(meta, mean, std, input);
    int main = defaultMain;
    if (o.mainOutput() != null) {
      if (o.mainOutput() < 0 || o.mainOutput() >= heads) {
        throw new UserError(meta + ": \"main_output\" is " + o.mainOutput() + " but the model has " + heads + " output"
            + (heads == 1 ? " (index 0)" : "s (indices 0.." + (heads - 1) + ")") + "; fix it or restore the file");
      }
      main = o.mainOutput();
    }
    return new ModelMetadata(o.network() == null ? "" : o.network(), o.dataset(), names, normalizer, main, input,
        provenance(o));
  }

  /** {@code origin} and {@code overrides}: text, and an object of texts (none before they were recorded). */
  private static Provenance provenance(ModelFile o) {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (o.overrides() != null) {
      o.overrides().forEach((k, v) -> overrides.put(k, String.valueOf(v)));
    }
    String origin = o.origin();
    // A network interpreted from the spec roots records that, not a file: its name resolves it again.
    if (origin != null && origin.startsWith("interpreted from ")) {
      origin = o.network();
    }
    return new Provenance(origin, overrides);
  }

  /** The file's form of this metadata, as {@link SavedModel#writeMetadata} writes it. */
  static ModelFile toFile(String network, Shape input, Provenance provenance, String dataset, List<String> classNames,
      PixelNormalizer normalizer, int mainOutput, double testAccuracy) {
    return new ModelFile(network, input.dims(), provenance.origin(), new TreeMap<>(provenance.overrides()), dataset,
        classNames, new ModelFile.Normalizer(boxed(normalizer.mean()), boxed(normalizer.std())), mainOutput,
        Double.isNaN(testAccuracy) ? null : testAccuracy);
  }

  private static List<Double> boxed(double[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }

  /**
   * Checks that {@code graph} takes the declared input and that its main output scores as many
   * classes as the file names, by one forward pass of a blank image (the saved configuration does
   * not record its input type).
   *
   * @return the number of values the main output gives per image
   */
  static int checkAgainst(ComputationGraph graph, ModelMetadata m, Path zip, Path meta) {
    if (graph.getConfiguration().getNetworkInputs().size() != 1) {
      throw new UserError(zip + " has " + graph.getConfiguration().getNetworkInputs().size()
          + " inputs; eval and predict run models with one image input");
    }
    long[] shape = m.input() instanceof Shape.Spatial s ? new long[] {1, s.channels(), s.height(), s.width()}
        : new long[] {1, m.input().elements()};
    INDArray[] out;
    try (INDArray blank = Nd4j.zeros(shape)) {
      out = graph.output(false, blank);
    } catch (RuntimeException e) {
      throw new UserError(zip + " does not accept the input " + m.input().dims() + " that " + meta + " declares ("
          + firstLine(e.getMessage()) + "); the two files come from different runs");
    }
    int outputs = (int) (out[m.mainOutput()].length() / out[m.mainOutput()].size(0));
    if (!m.classNames().isEmpty() && m.classNames().size() != outputs) {
      throw new UserError(meta + " names " + m.classNames().size() + " classes but " + zip + "'s output "
          + graph.getConfiguration().getNetworkOutputs().get(m.mainOutput()) + " scores " + outputs
          + "; the two files come from different runs");
    }
    return outputs;
  }

  private static Shape input(Path meta, List<Integer> a) {
    if (a == null || (a.size() != 1 && a.size() != 3)) {
      throw new UserError(meta + ": \"input\" must be [h, w, c] or [n], not " + clip(a) + RESTORE);
    }
    for (Integer v : a) {
      if (v == null || v < 1 || v > MAX_SIDE) {
        throw new UserError(meta + ": \"input\" " + clip(a) + " must hold whole numbers 1.." + MAX_SIDE + RESTORE);
      }
    }
    if (a.stream().mapToLong(Integer::longValue).reduce(1, (x, y) -> x * y) > MAX_ELEMENTS) {
      throw new UserError(meta + ": \"input\" " + clip(a) + " is larger than any image this tool reads" + RESTORE);
    }
    return ModelSource.shape(a);
  }

  private static PixelNormalizer normalizer(Path meta, double[] mean, double[] std, Shape input) {
    if (mean.length == 0 && std.length == 0) {
      return PixelNormalizer.scale();
    }
    int channels = input instanceof Shape.Spatial s ? s.channels() : 1;
    boolean fits = mean.length == std.length && (mean.length == 1 || mean.length == channels);
    for (double v : std) {
      fits &= v > 0 && Double.isFinite(v);
    }
    if (!fits) {
      throw new UserError(meta + ": \"normalizer\" needs one mean and one positive std per channel (" + channels
          + " or 1) but has " + mean.length + " means and " + std.length + " stds; restore it from the run directory");
    }
    return PixelNormalizer.of(mean, std);
  }

  private static double[] doubles(Path meta, String field, List<Double> a) {
    if (a == null) {
      return new double[0];
    }
    if (a.size() > 64) {
      throw new UserError(meta + ": \"normalizer\"." + field + " must be a list of numbers, one per channel" + RESTORE);
    }
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      if (a.get(i) == null || !Double.isFinite(a.get(i))) {
        throw new UserError(meta + ": \"normalizer\"." + field + " must hold finite numbers, not " + a.get(i) + RESTORE);
      }
      d[i] = a.get(i);
    }
    return d;
  }

  private static String clip(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }

  static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
