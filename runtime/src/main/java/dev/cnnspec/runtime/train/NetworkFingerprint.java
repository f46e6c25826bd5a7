package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * What a network is, vertex by vertex, for telling whether a checkpoint belongs to it: each
 * vertex's type, inputs, parameter count and every hyperparameter DL4J serialises for it (sizes,
 * kernel, stride, padding, activation, dropout, loss…), except the updater, which the trainer sets
 * from the run's options and which {@link RunFingerprint} compares on its own. Read from the
 * configuration the caller trains, never from a restored or tuned graph, so a fresh run and its
 * resumption fingerprint the same thing.
 */
public record NetworkFingerprint(@JsonValue SortedMap<String, SortedMap<String, String>> vertices) {
  /** Fields the trainer overrides, so they say nothing about the architecture. */
  private static final Set<String> NOT_ARCHITECTURE = Set.of("iupdater", "biasUpdater", "layerName");
  private static final int MAX_REPORTED = 8;

  /** Also how a checkpoint's {@code run.network} object reads back: the vertices by name. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public NetworkFingerprint {
    SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>();
    vertices.forEach((name, fields) -> copy.put(name, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fields))));
    vertices = java.util.Collections.unmodifiableSortedMap(copy);
  }

  public static NetworkFingerprint of(ComputationGraphConfiguration conf) {
    SortedMap<String, SortedMap<String, String>> vertices = new TreeMap<>();
    for (String input : conf.getNetworkInputs()) {
      vertices.put(input, new TreeMap<>(Map.of("class", "input")));
    }
    for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
      SortedMap<String, String> fields = new TreeMap<>();
      GraphVertex vertex = e.getValue();
      Object described = vertex;
      if (vertex instanceof LayerVertex lv) {
        Layer layer = lv.getLayerConf().getLayer();
        described = layer;
        fields.put("params", Long.toString(layer.initializer().numParams(layer)));
      }
      JsonNode json = NeuralNetConfiguration.mapper().valueToTree(described);
      fields.put("class", described.getClass().getSimpleName());
      if (json instanceof ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          if (!NOT_ARCHITECTURE.contains(f.getKey()) && !f.getKey().startsWith("@")) {
            fields.put(f.getKey(), f.getValue().toString());
          }
        }
      }
      fields.put("inputs", String.valueOf(conf.getVertexInputs().get(e.getKey())));
      vertices.put(e.getKey(), fields);
    }
    vertices.put("(outputs)", new TreeMap<>(Map.of("names", conf.getNetworkOutputs().toString())));
    return new NetworkFingerprint(vertices);
  }

  /** Total parameters (the sum of the layers'). */
  public long params() {
    return vertices.values().stream().mapToLong(f -> Long.parseLong(f.getOrDefault("params", "0"))).sum();
  }

  /**
   * What differs from {@code recorded}, one phrase per difference (at most a few, then a count),
   * empty when the networks are the same.
   */
  public List<String> differencesFrom(NetworkFingerprint recorded) {
    List<String> out = new ArrayList<>();
    Set<String> names = new TreeSet<>(vertices.keySet());
    names.addAll(recorded.vertices.keySet());
    for (String name : names) {
      SortedMap<String, String> now = vertices.get(name);
      SortedMap<String, String> then = recorded.vertices.get(name);
      if (now == null) {
        out.add(name + " is in the checkpoint but not in this network");
      } else if (then == null) {
        out.add(name + " is in this network but not in the checkpoint");
      } else {
        Set<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(then.keySet());
        for (String k : keys) {
          String a = now.get(k);
          String b = then.get(k);
          if (a == null ? b != null : !a.equals(b)) {
            out.add(name + ": " + k + " " + a + " here, " + b + " in the checkpoint");
          }
        }
      }
    }
    if (out.size() > MAX_REPORTED) {
      int more = out.size() - MAX_REPORTED;
      out = new ArrayList<>(out.subList(0, MAX_REPORTED));
      out.add("and " + more + " more");
    }
    return out;
  }
}
