package dev.cnnspec.importer.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the spec a person would write for a Keras graph: one {@code input} per Keras input, a
 * definition wherever the graph branches or merges (named after the Keras layer there), one
 * {@code output} per Keras output, and in between chains with one layer per line. A Keras name the
 * user chose (not Keras's own {@code conv2d_3}) that does not become a definition is kept as a
 * comment on its line. Definitions come in the Keras config's order, which is topological.
 *
 * <p>It also returns where each Keras layer's element starts (line, column), which is where the
 * compiler will locate the layer it makes: that is how weights find their DL4J layer, without
 * guessing the compiler's automatic names.
 */
final class SpecWriter {
  /** Words a tensor may not be called: keywords, built-in layers, enum constants, types. */
  private static final Set<String> RESERVED = Set.of("import", "layer", "block", "network", "input", "let", "output",
      "loss", "weight", "return", "assert", "if", "else", "for", "in", "when", "true", "false", "conv", "maxpool",
      "avgpool", "globalavgpool", "globalmaxpool", "zeropad", "dense", "dropout", "batchnorm", "bn", "flatten",
      "activation", "relu", "leaky_relu", "tanh", "sigmoid", "softmax", "identity", "mfm", "add", "concat", "same",
      "valid", "cross_entropy", "nll", "binary_cross_entropy", "mse", "mae", "int", "float", "bool", "tensor",
      "min", "max", "len");
  private static final String INDENT = "  ";
  private static final String COMMENT = "  // ";
  private static final int COMMENT_COLUMN = 80;

  /** Where an element starts: 1-based line and column, as the compiler's locations count. */
  record Position(int line, int column) {}

  record Written(String text, Map<Position, String> kerasLayerAt) {}

  private final KerasConfig graph;
  private final Map<String, SpecLayer> mapped;
  private final Map<String, String> tensorNames = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  private final Map<Position, String> positions = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();

  SpecWriter(KerasConfig graph, Map<String, SpecLayer> mapped) {
    this.graph = graph;
    this.mapped = mapped;
  }

  Written write(String networkName, List<String> header) {
    for (String h : header) {
      lines.add("// " + h);
    }
    lines.add("network " + networkName + "() {");
    Map<String, Integer> consumers = new HashMap<>();
    Map<String, List<String>> readers = new HashMap<>();
    for (KerasLayer l : graph.layers()) {
      for (String in : l.inbound()) {
        consumers.merge(in, 1, Integer::sum);
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(l.name());
      }
    }
    Set<String> ends = new HashSet<>();
    for (KerasLayer l : graph.layers()) {
      SpecLayer s = mapped.get(l.name());
      boolean readByMerge = readers.getOrDefault(l.name(), List.of()).stream()
          .anyMatch(r -> mapped.get(r).kind() == SpecLayer.Kind.MERGE);
      if (s.kind() == SpecLayer.Kind.INPUT || graph.outputs().contains(l.name())
          || consumers.getOrDefault(l.name(), 0) != 1 || readByMerge) {
        ends.add(l.name());
      }
    }
    for (KerasLayer l : graph.layers()) {
      if (ends.contains(l.name())) {
        tensorNames.put(l.name(), allocate(l.name()));
      }
    }
    for (String in : graph.inputs()) {
      lines.add(INDENT + "input " + tensorNames.get(in) + ": " + mapped.get(in).text());
    }
    for (KerasLayer l : graph.layers()) {
      if (ends.contains(l.name()) && mapped.get(l.name()).kind() != SpecLayer.Kind.INPUT) {
        definition(l, ends);
      }
    }
    lines.add("}");
    alignComments(header.size());
    return new Written(String.join("\n", lines) + "\n", positions);
  }

  private void definition(KerasLayer end, Set<String> ends) {
    List<KerasLayer> chain = new ArrayList<>();
    KerasLayer cur = end;
    chain.add(0, cur);
    while (mapped.get(cur.name()).kind() == SpecLayer.Kind.LAYER) {
      KerasLayer previous = graph.layer(cur.inbound().get(0));
      if (ends.contains(previous.name())) {
        break;
      }
      chain.add(0, previous);
      cur = previous;
    }
    boolean output = graph.outputs().contains(end.name());
    StringBuilder line = new StringBuilder(INDENT + (output ? "output " : "") + tensorNames.get(end.name()) + " = ");
    KerasLayer first = chain.get(0);
    int from = 0;
    if (mapped.get(first.name()).kind() == SpecLayer.Kind.MERGE) {
      positions.put(new Position(lines.size() + 1, line.length() + 1), first.name());
      line.append(mapped.get(first.name()).text()).append('(');
      List<String> args = new ArrayList<>();
      for (String in : first.inbound()) {
        args.add(tensorNames.get(in));
      }
      line.append(String.join(", ", args)).append(')');
      from = 1;
      comment(line, first, end);
    } else {
      line.append(tensorNames.get(first.inbound().get(0)));
    }
    int arrowColumn = line.indexOf("=") + 2;
    List<KerasLayer> elements = chain.subList(from, chain.size());
    for (int i = 0; i < elements.size(); i++) {
      KerasLayer l = elements.get(i);
      String text = mapped.get(l.name()).text();
      boolean firstElement = i == 0;
      if (i + 1 < elements.size() && fusesMfm(text, mapped.get(elements.get(i + 1).name()).text())) {
        // conv(…) -> mfm is written as the zoo writes it: conv(…, activation: mfm)
        text = text.substring(0, text.length() - 1) + ", activation: mfm)";
        i++;
      }
      boolean last = i == elements.size() - 1;
      if (!firstElement || from == 1) {
        lines.add(line.toString());
        line = new StringBuilder(" ".repeat(arrowColumn));
      }
      line.append(line.toString().isBlank() ? "" : " ").append("-> ");
      positions.put(new Position(lines.size() + 1, line.length() + 1), l.name());
      line.append(text);
      if (last && output) {
        line.append(lossFor(text));
      }
      comment(line, l, end);
    }
    lines.add(line.toString());
  }

  /**
   * Puts the layer-name comments in one column (after the code, so no element moves); a line too
   * long for that column keeps its comment where it is.
   */
  private void alignComments(int from) {
    int width = 0;
    for (int i = from; i < lines.size(); i++) {
      int at = lines.get(i).indexOf(COMMENT);
      if (at <= COMMENT_COLUMN) {
        width = Math.max(width, at);
      }
    }
    for (int i = from; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.indexOf(COMMENT);
      if (at >= 0 && at < width) {
        lines.set(i, line.substring(0, at) + " ".repeat(width - at) + line.substring(at));
      }
    }
  }

  /** Keeps a name the user chose as a comment, unless the definition already carries it. */
  private void comment(StringBuilder line, KerasLayer l, KerasLayer end) {
    if (l != end && !isAutomaticName(l)) {
      line.append(COMMENT).append(l.name());
    }
  }

  private static boolean fusesMfm(String element, String next) {
    return next.equals("mfm") && (element.startsWith("conv(") || element.startsWith("dense("))
        && element.endsWith(")") && !element.contains("activation:");
  }

  /** The loss a head needs: softmax heads take the default cross-entropy. */
  private static String lossFor(String element) {
    if (element.contains("softmax")) {
      return "";
    }
    if (element.contains("sigmoid")) {
      return " loss binary_cross_entropy";
    }
    return " loss mse";
  }

  private String allocate(String kerasName) {
    String base = kerasName.replaceAll("[^A-Za-z0-9_]", "_");
    if (base.isEmpty() || !Character.isLetter(base.charAt(0)) && base.charAt(0) != '_') {
      base = "t_" + base;
    }
    String name = base;
    for (int k = 1; RESERVED.contains(name) || usedNames.contains(name); k++) {
      name = base + "_" + k;
    }
    usedNames.add(name);
    return name;
  }

  /** Keras's own names: the class in snake case, then perhaps {@code _N} ({@code max_pooling2d_1}). */
  static boolean isAutomaticName(KerasLayer l) {
    String snake = snakeCase(l.simpleClassName());
    return l.name().equals(snake) || l.name().matches(Pattern.quote(snake) + "_\\d+")
        || l.name().equals("input") || l.name().matches("input_layer(_\\d+)?");
  }

  /** Keras's {@code to_snake_case}: {@code MaxPooling2D} → {@code max_pooling2d}. */
  static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
