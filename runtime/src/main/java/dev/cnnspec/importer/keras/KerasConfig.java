package dev.cnnspec.importer.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model config as a graph: the layers in the config's (topological) order with the names
 * of the layers each reads, the model's inputs and outputs. Reads both generations:
 * <ul>
 *   <li>Keras 3: {@code inbound_nodes: [{args: [{class_name: "__keras_tensor__", config:
 *       {keras_history: [layer, 0, 0]}}, …], kwargs: {}}]}, input shapes as {@code batch_shape};</li>
 *   <li>Keras 2 / tf.keras: {@code inbound_nodes: [[[layer, 0, 0, {}], …]]}, {@code batch_input_shape}.</li>
 * </ul>
 * Sequential models become a chain after their {@code InputLayer} (or an input made from the first
 * layer's {@code batch_input_shape}, as Keras 2 writes them).
 */
record KerasConfig(String name, List<KerasLayer> layers, List<String> inputs, List<String> outputs) {

  static final String INPUT_LAYER = "InputLayer";

  static KerasConfig parse(JsonNode root, String source) {
    String modelClass = root.path("class_name").asText("");
    JsonNode config = root.path("config");
    return switch (modelClass) {
      case "Sequential" -> sequential(config, source);
      case "Functional", "Model" -> functional(config, source);
      default -> throw new KerasImportException(source + ": the model is a " + (modelClass.isEmpty() ? "(missing class_name)" : modelClass)
          + "; the importer reads Sequential and functional (Functional/Model) models");
    };
  }

  private static KerasConfig sequential(JsonNode config, String source) {
    JsonNode layerList = config.isArray() ? config : config.path("layers");
    if (!layerList.isArray() || layerList.isEmpty()) {
      throw new KerasImportException(source + ": a Sequential model without layers");
    }
    String name = config.isArray() ? "sequential" : config.path("name").asText("sequential");
    List<KerasLayer> layers = new ArrayList<>();
    int count = layerList.size();
    String previous = null;
    JsonNode first = layerList.get(0);
    if (!INPUT_LAYER.equals(first.path("class_name").asText())) {
      // Keras 2: the first layer carries batch_input_shape; Keras 3 without InputLayer: build_input_shape.
      JsonNode shape = first.path("config").path("batch_input_shape");
      if (shape.isMissingNode() && !config.isArray()) {
        shape = config.path("build_input_shape");
      }
      if (!shape.isArray()) {
        throw new KerasImportException(source + ": the Sequential model's input shape is unknown (no InputLayer, no "
            + "batch_input_shape); build the model with keras.Input(shape) first and save it again");
      }
      previous = "input";
      layers.add(new KerasLayer(previous, INPUT_LAYER, null, syntheticInput(shape), List.of(), 0, count));
    }
    int position = 0;
    for (JsonNode layer : layerList) {
      position++;
      String layerName = layerName(layer, source, position);
      layers.add(new KerasLayer(layerName, className(layer), registered(layer), layer.path("config"),
          previous == null ? List.of() : List.of(previous), position, count));
      previous = layerName;
    }
    String input = layers.get(0).name();
    return new KerasConfig(name, layers, List.of(input), List.of(previous));
  }

  private static JsonNode syntheticInput(JsonNode shape) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("batch_shape", shape);
    return n;
  }

  private static KerasConfig functional(JsonNode config, String source) {
    JsonNode layerList = config.path("layers");
    if (!layerList.isArray() || layerList.isEmpty()) {
      throw new KerasImportException(source + ": a functional model without layers");
    }
    List<KerasLayer> layers = new ArrayList<>();
    int count = layerList.size();
    int position = 0;
    for (JsonNode layer : layerList) {
      position++;
      String name = layerName(layer, source, position);
      JsonNode nodes = layer.path("inbound_nodes");
      if (nodes.size() > 1) {
        throw new KerasImportException("layer " + name + " (" + className(layer) + ", layer " + position + " of " + count
            + ") is called " + nodes.size() + " times (a shared layer); a spec layer has one input, so "
            + "write the model with one layer per call");
      }
      List<String> inbound = new ArrayList<>();
      if (nodes.size() == 1) {
        collectHistory(nodes.get(0), inbound);
      }
      layers.add(new KerasLayer(name, className(layer), registered(layer), layer.path("config"), inbound, position, count));
    }
    return new KerasConfig(config.path("name").asText("model"), layers, endpoints(config.path("input_layers")),
        endpoints(config.path("output_layers")));
  }

  /**
   * The layers a call reads, in argument order: Keras 3 {@code keras_history} triples anywhere in
   * {@code args}, or Keras 2 {@code [name, node, tensor, kwargs]} lists.
   */
  private static void collectHistory(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode history = node.path("config").path("keras_history");
      if ("__keras_tensor__".equals(node.path("class_name").asText()) && history.isArray() && history.size() > 0) {
        into.add(history.get(0).asText());
        return;
      }
      JsonNode args = node.get("args");
      if (args != null) {
        collectHistory(args, into);
      }
      return;
    }
    if (node.isArray()) {
      if (node.size() >= 3 && node.get(0).isTextual() && node.get(1).isInt()) {
        into.add(node.get(0).asText());   // Keras 2: [layer, node_index, tensor_index, kwargs]
        return;
      }
      for (JsonNode child : node) {
        collectHistory(child, into);
      }
    }
  }

  /** {@code ["image", 0, 0]} (Keras 3, one tensor) or {@code [["a", 0, 0], ["b", 0, 0]]}. */
  private static List<String> endpoints(JsonNode list) {
    List<String> names = new ArrayList<>();
    if (list.isArray() && list.size() > 0 && list.get(0).isTextual()) {
      names.add(list.get(0).asText());
    } else if (list.isArray()) {
      for (JsonNode e : list) {
        if (e.isArray() && e.size() > 0) {
          names.add(e.get(0).asText());
        }
      }
    }
    return names;
  }

  private static String layerName(JsonNode layer, String source, int position) {
    String name = layer.path("name").asText(layer.path("config").path("name").asText(""));
    if (name.isEmpty()) {
      throw new KerasImportException(source + ": layer " + position + " (" + className(layer) + ") has no name");
    }
    return name;
  }

  private static String className(JsonNode layer) {
    return layer.path("class_name").asText("(no class_name)");
  }

  private static String registered(JsonNode layer) {
    JsonNode r = layer.get("registered_name");
    return r == null || r.isNull() ? null : r.asText();
  }

  /**
   * Kahn's algorithm, without recursion (a config may have many thousands of layers): a layer that
   * (through others) reads itself would make the spec writer walk in circles.
   */
  private void requireAcyclic(String source) {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> readers = new HashMap<>();
    ArrayDeque<String> ready = new ArrayDeque<>();
    for (KerasLayer l : layers) {
      waiting.put(l.name(), l.inbound().size());
      for (String in : l.inbound()) {
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(l.name());
      }
      if (l.inbound().isEmpty()) {
        ready.add(l.name());
      }
    }
    int done = 0;
    while (!ready.isEmpty()) {
      String n = ready.poll();
      done++;
      for (String r : readers.getOrDefault(n, List.of())) {
        if (waiting.merge(r, -1, Integer::sum) == 0) {
          ready.add(r);
        }
      }
    }
    if (done < layers.size()) {
      List<String> cycle = layers.stream().map(KerasLayer::name).filter(n -> waiting.get(n) > 0).limit(8).toList();
      throw new KerasImportException(source + ": layers read each other in a cycle (" + String.join(", ", cycle)
          + (layers.size() - done > 8 ? ", …" : "") + "); a Keras model is acyclic, so the config is corrupt");
    }
  }

  KerasLayer layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
  }

  /** Every name read or listed refers to a layer of the config, each defined once. */
  void validate(String source) {
    Set<String> names = new HashSet<>();
    for (KerasLayer l : layers) {
      if (!names.add(l.name())) {
        throw new KerasImportException(source + ": two layers are named " + l.name());
      }
    }
    for (KerasLayer l : layers) {
      for (String in : l.inbound()) {
        if (!names.contains(in)) {
          throw l.error("reads layer " + in + ", which the config does not define");
        }
      }
    }
    requireAcyclic(source);
    for (String n : inputs) {
      if (!names.contains(n)) {
        throw new KerasImportException(source + ": input " + n + " is not a layer of the config");
      }
    }
    if (outputs.isEmpty()) {
      throw new KerasImportException(source + ": the model lists no outputs");
    }
    for (String n : outputs) {
      if (!names.contains(n)) {
        throw new KerasImportException(source + ": output " + n + " is not a layer of the config");
      }
    }
  }
}
