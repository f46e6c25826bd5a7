package dev.cnnspec.importer.keras;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.dl4j.MemoryBudget;
import dev.cnnspec.runtime.dl4j.NetworkTooLargeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Imports one Keras model: reads it, maps every layer, writes the spec, compiles that text with the
 * real compiler (so what is written is what {@code cnn check} accepts), and, when the file has
 * weights, builds the DL4J graph from the checked model and puts the converted weights in. The
 * parameter count of the spec must equal the number of values in the weights file, which is what
 * Keras's {@code count_params()} counts (batch-norm statistics included).
 */
public final class KerasImporter {

  /**
   * @param customLayers {@code --map}: Keras class (or registered name) → spec element
   * @param networkName the spec's network name, or {@code null} for the Keras model's
   * @param specPath the path the spec will have (in its locations and diagnostics); null: {@code NAME.cnn}
   */
  public record Options(Map<String, String> customLayers, String networkName, String specPath, long seed) {
    public Options {
      customLayers = Map.copyOf(customLayers);
    }

    public static Options defaults(String specPath) {
      return new Options(Map.of(), null, specPath, 42);
    }

    public Options withCustomLayers(Map<String, String> map) {
      return new Options(map, networkName, specPath, seed);
    }

    public Options withNetworkName(String name) {
      return new Options(customLayers, name, specPath, seed);
    }
  }

  /**
   * @param graph the DL4J graph with Keras's weights, empty for a config without weights
   * @param kerasParameters the weights file's count of values (Keras's {@code count_params()}), when there are weights
   */
  public record Result(String specText, NetworkModel model, Optional<ComputationGraph> graph,
      Optional<Long> kerasParameters, String kerasVersion, String format) {}

  private KerasImporter() {}

  /**
   * @param weightsFile {@code --weights}: for a JSON config, or to replace a file's own weights; may be null
   * @throws KerasImportException for anything wrong with the files
   */
  public static Result importModel(Path file, Path weightsFile, Options options) throws IOException {
    String source = file.getFileName().toString();
    try (KerasFiles.Loaded loaded = KerasFiles.open(file, weightsFile)) {
      KerasConfig keras = KerasConfig.parse(loaded.modelConfig(), source);
      keras.validate(source);
      Map<String, SpecLayer> mapped = mapAll(keras, options.customLayers(), source);
      LayerMappings.refuseKeras2HardSigmoid(keras, loaded.kerasVersion(), source);
      String name = options.networkName() != null ? options.networkName() : networkName(keras.name(), file);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new KerasImportException("--name " + name + " is not a network name (letters, digits, _)");
      }
      String version = loaded.kerasVersion() == null ? "version not recorded" : loaded.kerasVersion();
      List<String> header = new ArrayList<>();
      header.add(name + ": imported from " + source + " (Keras " + version + ", " + loaded.format() + ") by `cnn import keras`.");
      if (loaded.weights() != null) {
        header.add(String.format(Locale.ROOT, "Keras counts %,d parameters (count_params(), batch-norm statistics "
            + "included); so does this spec.", loaded.weights().totalSize()));
      }
      SpecWriter.Written written = new SpecWriter(keras, mapped).write(name, header);
      String specPath = options.specPath() != null ? options.specPath() : name + ".cnn";
      NetworkModel model = compile(written.text(), name, specPath, source);
      Map<String, String> targets = targets(model, written, mapped);
      if (loaded.weights() == null) {
        return new Result(written.text(), model, Optional.empty(), Optional.empty(), version, loaded.format());
      }
      ComputationGraphConfiguration conf = Dl4jGraphFactory.configuration(model, options.seed(), new Adam(1e-3));
      try {
        // A config may declare far more parameters than fit: refuse before init() allocates them.
        MemoryBudget.check(conf, 1, source + "'s network " + name);
      } catch (NetworkTooLargeException e) {
        throw new KerasImportException(e.getMessage() + "; or import the config alone (without weights)", e);
      }
      ComputationGraph graph = new ComputationGraph(conf);
      graph.init();
      new WeightTransfer(model, graph, loaded.weights()).apply(keras, mapped, targets);
      long kerasCount = loaded.weights().totalSize();
      if (kerasCount != model.totalParameters()) {
        throw new IllegalStateException("the spec counts " + model.totalParameters() + " parameters, the weights file "
            + kerasCount + ", although every layer's weights fitted: a bug of the importer");
      }
      return new Result(written.text(), model, Optional.of(graph), Optional.of(kerasCount), version, loaded.format());
    }
  }

  /**
   * Maps every layer, collecting every problem before failing; layers of one class with the same
   * problem (ten Maxout layers) are reported on one line.
   */
  private static Map<String, SpecLayer> mapAll(KerasConfig keras, Map<String, String> custom, String source) {
    Map<String, SpecLayer> mapped = new LinkedHashMap<>();
    Map<String, List<KerasLayer>> problems = new LinkedHashMap<>();
    for (KerasLayer l : keras.layers()) {
      try {
        SpecLayer s = LayerMappings.map(l, custom);
        if ((s.kind() == SpecLayer.Kind.INPUT) != keras.inputs().contains(l.name())) {
          throw l.error(s.kind() == SpecLayer.Kind.INPUT ? "an InputLayer that is not a model input"
              : "a model input that is not an InputLayer");
        }
        int reads = l.inbound().size();
        if (s.kind() == SpecLayer.Kind.LAYER && reads != 1 || s.kind() == SpecLayer.Kind.MERGE && reads < 2) {
          throw l.error("reads " + reads + " tensors; " + (s.kind() == SpecLayer.Kind.MERGE ? "a merge needs two or more"
              : "`" + s.text() + "` takes one"));
        }
        mapped.put(l.name(), s);
      } catch (KerasImportException e) {
        String problem = e.getMessage().startsWith(l.describe() + ": ")
            ? e.getMessage().substring(l.describe().length() + 2) : e.getMessage();
        problems.computeIfAbsent(l.className() + "\n" + problem, k -> new ArrayList<>()).add(l);
      }
    }
    if (!problems.isEmpty()) {
      List<String> lines = new ArrayList<>();
      int count = 0;
      for (Map.Entry<String, List<KerasLayer>> e : problems.entrySet()) {
        List<KerasLayer> layers = e.getValue();
        String problem = e.getKey().substring(e.getKey().indexOf('\n') + 1);
        KerasLayer first = layers.get(0);
        count += layers.size();
        lines.add(layers.size() == 1 ? first.describe() + ": " + problem
            : "layers " + String.join(", ", layers.stream().map(KerasLayer::name).toList()) + " (" + first.className()
                + "; the first is layer " + first.position() + " of " + first.count() + "): " + problem);
      }
      throw new KerasImportException(source + ": " + count + " layer" + (count == 1 ? "" : "s")
          + " cannot be imported:\n  " + String.join("\n  ", lines));
    }
    return mapped;
  }

  private static NetworkModel compile(String text, String name, String specPath, String source) {
    Compilation c = new CnnCompiler(List.of(), Map.of()).compile(List.of(new SourceText(specPath, text)));
    if (!c.succeeded()) {
      throw new KerasImportException("the spec written for " + source + " does not check (the Keras model uses "
          + "something the language rejects, or the importer has a bug):\n" + c.renderDiagnostics() + "\n--- the spec:\n"
          + text);
    }
    return c.networks().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /** Each weighted Keras layer → the model layer at its element's place in the written text. */
  private static Map<String, String> targets(NetworkModel model, SpecWriter.Written written, Map<String, SpecLayer> mapped) {
    Map<String, String> targets = new HashMap<>();
    for (LayerModel layer : model.layers()) {
      SpecWriter.Position at = new SpecWriter.Position(layer.node().location().line(), layer.node().location().column());
      String keras = written.kerasLayerAt().get(at);
      if (keras != null && weightedOp(layer.op()) && mapped.get(keras).weights() != SpecLayer.Weights.NONE) {
        targets.put(keras, layer.name());
      }
    }
    for (Map.Entry<String, SpecLayer> e : mapped.entrySet()) {
      if (e.getValue().weights() != SpecLayer.Weights.NONE && !targets.containsKey(e.getKey())) {
        throw new IllegalStateException("no layer of the compiled spec is at the place written for Keras layer "
            + e.getKey() + ": a bug of the importer");
      }
    }
    return targets;
  }

  private static boolean weightedOp(Op op) {
    return op instanceof Op.Conv2D || op instanceof Op.DepthwiseConv2D || op instanceof Op.SeparableConv2D
        || op instanceof Op.ConvTranspose2D || op instanceof Op.Dense || op instanceof Op.BatchNorm
        || op instanceof Op.PRelu;
  }

  /** The Keras model's name, unless Keras made it up ({@code sequential_1}): then the file's. */
  static String networkName(String kerasName, Path file) {
    String n = kerasName == null ? "" : kerasName.replaceAll("[^A-Za-z0-9_]", "_");
    if (n.isEmpty() || n.matches("(sequential|functional|model)(_\\d+)?") || !Character.isLetter(n.charAt(0))) {
      String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      StringBuilder s = new StringBuilder();
      for (String part : stem.split("[^A-Za-z0-9]+")) {
        if (!part.isEmpty()) {
          s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
      }
      n = s.length() == 0 || !Character.isLetter(s.charAt(0)) ? "Imported" + s : s.toString();
    }
    return n;
  }
}
