package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of {@code cnn summary --json}, on a model built by hand (no parser needed). */
class SummaryJsonTest {
  private static final Location AT = Location.of("t.cnn", 1, 1);

  /** image [8, 8, 1] → conv(4, 3) valid → flatten → dense(3) softmax. */
  static NetworkModel tiny(String name) {
    var conv = new LayerNode("conv_1", new Op.Conv2D(4, Size2D.square(3), Size2D.square(1), Padding.VALID,
        Size2D.square(1), Activation.RELU, 0.01, true), List.of("image"), AT);
    var flat = new LayerNode("f", new Op.Flatten(), List.of("conv_1"), AT);
    var dense = new LayerNode("probs", new Op.Dense(3, Activation.SOFTMAX, 0.01, true), List.of("f"), AT);
    var graph = new NetworkGraph(name, AT, List.of(), List.of(new InputNode("image", Shape.spatial(8, 8, 1), AT)),
        List.of(conv, flat, dense), List.of(new OutputNode("probs", "probs", Loss.CROSS_ENTROPY, 1, AT)));
    // conv: 4·(3·3·1 + 1) = 40 parameters, 6·6·4 outputs × 9 MACs = 1296; dense: 144·3 + 3 = 435, 432 MACs
    return new NetworkModel(graph, List.of(new LayerModel(conv, Shape.spatial(6, 6, 4), 40, 40, 1296),
        new LayerModel(flat, Shape.flat(144), 0, 0, 0), new LayerModel(dense, Shape.flat(3), 435, 435, 432)),
        List.of(new OutputModel(graph.outputs().get(0), Shape.flat(3))));
  }

  @Test
  void oneNetworkIsAnObject() throws Exception {
    JsonNode j = new ObjectMapper().readTree(SummaryJson.render(List.of(tiny("Tiny"))));
    assertEquals("Tiny", j.get("network").asText());
    assertEquals("[8,8,1]", j.get("input").toString());
    assertEquals(475, j.get("parameters").get("total").asLong());
    assertEquals(475, j.get("parameters").get("trainable").asLong());
    assertEquals("[{\"name\":\"probs\",\"shape\":[3]}]", j.get("outputs").toString());
    JsonNode layers = j.get("layers");
    assertEquals(3, layers.size());
    // the fields of the first version, in their order; later fields are appended after them
    assertEquals(List.of("name", "type", "shape", "parameters", "macs", "memory", "receptive_field"),
        iterate(layers.get(0).fieldNames()));
    assertEquals("{\"name\":\"conv_1\",\"type\":\"conv\",\"shape\":[6,6,4],\"parameters\":40,\"macs\":1296,",
        layers.get(0).toString().substring(0, 75));
    // batch 64: 144 activations × 64 × 4 bytes; 40 parameters, Adam's 2 values each
    assertEquals("{\"parameters\":160,\"gradients\":160,\"updater\":320,\"activations\":36864}",
        layers.get(0).get("memory").toString());
    assertEquals("{\"size\":[3,3],\"jump\":[1,1],\"start\":[1.0,1.0]}", layers.get(0).get("receptive_field").toString());
    assertEquals("flatten", layers.get(1).get("type").asText());
    assertEquals("[144]", layers.get(1).get("shape").toString());
    assertEquals(List.of("network", "input", "parameters", "outputs", "layers", "memory"),
        iterate(j.fieldNames()));
    assertEquals(64, j.get("memory").get("batch").asInt());
    assertEquals(475 * 4, j.get("memory").get("parameters").asLong());
  }

  /**
   * Against the JSON main wrote with hand-built trees before the records: every object keeps its
   * fields in their order, new ones only after them, and every value but the training total (now
   * DL4J's workspaces, issue 15) is the same.
   */
  @Test
  void theJsonOfMainKeepsItsFieldsAndValues() throws Exception {
    JsonNode golden = new ObjectMapper().readTree(SummaryJsonTest.class
        .getResource("/dev/cnnspec/formats/main-2026-12/summary-tiny.json"));
    JsonNode now = new ObjectMapper().readTree(SummaryJson.render(List.of(tiny("Tiny"))));
    assertExtends(golden, now, "");
    assertEquals(List.of("kept_for_backward", "error_signals", "working_memory", "dl4j_path"),
        iterate(now.get("memory").fieldNames()).subList(8, 12));
    // the training figure is for the fast path's DL4J workspaces (Dl4jPath)
    assertEquals("fast", now.get("memory").get("dl4j_path").asText());
  }

  private static void assertExtends(JsonNode old, JsonNode now, String path) {
    if (old.isObject()) {
      List<String> names = iterate(old.fieldNames());
      assertEquals(names, iterate(now.fieldNames()).subList(0, names.size()), path);
      names.forEach(n -> assertExtends(old.get(n), now.get(n), path + "." + n));
    } else if (old.isArray()) {
      assertEquals(old.size(), now.size(), path);
      for (int i = 0; i < old.size(); i++) {
        assertExtends(old.get(i), now.get(i), path + "[" + i + "]");
      }
    } else if (!path.equals(".memory.training")) {
      assertEquals(old, now, path);
    }
  }

  @Test
  void severalNetworksAreAList() throws Exception {
    JsonNode j = new ObjectMapper().readTree(SummaryJson.render(List.of(tiny("A"), tiny("B"))));
    assertEquals(2, j.size());
    assertEquals("B", j.get(1).get("network").asText());
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
