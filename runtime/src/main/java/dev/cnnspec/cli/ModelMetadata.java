package dev.cnnspec.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.PixelNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code model.json} that {@code cnn train} writes beside {@code model.zip}, read as untrusted
 * input: bounded in size, every field checked for type and range, each problem a {@link UserError}
 * naming the file and the field; then checked against the graph it describes.
 */
record ModelMetadata(String network, String dataset, List<String> classNames, PixelNormalizer normalizer,
    int mainOutput, Shape input, Provenance provenance) {
  private static final long MAX_BYTES = 1 << 20;
  private static final int MAX_SIDE = 1 << 16;
  /** 4096 × 4096 × 1: beyond any input of the zoo by far, below what a blank test image may cost. */
  private static final long MAX_ELEMENTS = 1 << 24;
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
    JsonNode o;
    try {
      o = MAPPER.readTree(Files.readAllBytes(meta));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new UserError(meta + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": not valid JSON ("
          + e.getOriginalMessage() + "); restore it from the run directory");
    }
    if (o == null || !o.isObject()) {
      throw new UserError(meta + ": expected a JSON object with network, input, classes, normalizer, main_output");
    }
    Shape input = input(meta, o.path("input"));
    List<String> names = new ArrayList<>();
    JsonNode classes = o.path("classes");
    if (!classes.isMissingNode() && !classes.isArray()) {
      throw new UserError(meta + ": \"classes\" must be a list of class names, not " + clip(classes));
    }
    classes.forEach(c -> names.add(c.asText()));
    double[] mean = doubles(meta, "mean", o.path("normalizer").path("mean"));
    double[] std = doubles(meta, "std", o.path("normalizer").path("std"));
    PixelNormalizer normalizer = normalizer(meta, mean, std, input);
    int main = defaultMain;
    JsonNode m = o.path("main_output");
    if (!m.isMissingNode()) {
      if (!m.canConvertToInt() || !m.isIntegralNumber() || m.asInt() < 0 || m.asInt() >= heads) {
        throw new UserError(meta + ": \"main_output\" is " + clip(m) + " but the model has " + heads + " output"
            + (heads == 1 ? " (index 0)" : "s (indices 0.." + (heads - 1) + ")") + "; fix it or restore the file");
      }
      main = m.asInt();
    }
    String dataset = o.hasNonNull("dataset") ? o.get("dataset").asText() : null;
    return new ModelMetadata(o.path("network").asText(), dataset, names, normalizer, main, input,
        provenance(meta, o));
  }

  /** {@code origin} and {@code overrides}: text, and an object of texts (none before they were recorded). */
  private static Provenance provenance(Path meta, JsonNode o) {
    JsonNode set = o.path("overrides");
    if (!set.isMissingNode() && !set.isObject()) {
      throw new UserError(meta + ": \"overrides\" must be an object of parameter values, not " + clip(set));
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    set.fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue().asText()));
    String origin = o.hasNonNull("origin") ? o.get("origin").asText() : null;
    // A network interpreted from the spec roots records that, not a file: its name resolves it again.
    if (origin != null && origin.startsWith("interpreted from ")) {
      origin = o.path("network").asText(null);
    }
    return new Provenance(origin, overrides);
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

  private static Shape input(Path meta, JsonNode a) {
    if (!a.isArray() || (a.size() != 1 && a.size() != 3)) {
      throw new UserError(meta + ": \"input\" must be [h, w, c] or [n], not " + clip(a));
    }
    List<Integer> dims = new ArrayList<>();
    for (JsonNode v : a) {
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > MAX_SIDE) {
        throw new UserError(meta + ": \"input\" " + clip(a) + " must hold whole numbers 1.." + MAX_SIDE);
      }
      dims.add(v.asInt());
    }
    if (dims.stream().mapToLong(Integer::longValue).reduce(1, (x, y) -> x * y) > MAX_ELEMENTS) {
      throw new UserError(meta + ": \"input\" " + clip(a) + " is larger than any image this tool reads");
    }
    return ModelSource.shape(dims);
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

  private static double[] doubles(Path meta, String field, JsonNode a) {
    if (a.isMissingNode()) {
      return new double[0];
    }
    if (!a.isArray() || a.size() > 64) {
      throw new UserError(meta + ": \"normalizer\"." + field + " must be a list of numbers, one per channel");
    }
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
        throw new UserError(meta + ": \"normalizer\"." + field + " must hold finite numbers, not " + clip(a.get(i)));
      }
      d[i] = a.get(i).asDouble();
    }
    return d;
  }

  private static String clip(JsonNode n) {
    String s = n.toString();
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
