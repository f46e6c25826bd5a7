package dev.cnnspec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import java.util.List;

/**
 * The JSON form of {@code cnn summary --json}, a stable interface for scripts:
 * {@code {"network", "input": [h, w, c], "parameters": {"total", "trainable"}, "outputs": [{"name",
 * "shape"}], "layers": [{"name", "type", "shape", "parameters", "macs"}]}}. Shapes are listed as
 * the language writes them ({@code [h, w, c]} or {@code [n]}); {@code type} is the layer's kind in
 * the language ({@code conv}, {@code maxpool}, …). Several networks make a JSON list.
 */
final class SummaryJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private SummaryJson() {}

  static ObjectNode of(NetworkModel model) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("network", model.name());
    ints(o.putArray("input"), model.inputs().get(0).shape().dims());
    ObjectNode p = o.putObject("parameters");
    p.put("total", model.totalParameters());
    p.put("trainable", model.trainableParameters());
    ArrayNode outputs = o.putArray("outputs");
    for (OutputModel out : model.outputs()) {
      ObjectNode n = outputs.addObject();
      n.put("name", out.name());
      ints(n.putArray("shape"), out.shape().dims());
    }
    ArrayNode layers = o.putArray("layers");
    for (LayerModel l : model.layers()) {
      ObjectNode n = layers.addObject();
      n.put("name", l.name());
      n.put("type", l.op().kind());
      ints(n.putArray("shape"), l.outputShape().dims());
      n.put("parameters", l.parameters());
      n.put("macs", l.macs());
    }
    return o;
  }

  /** One network: its object; several: a list. */
  static String render(List<NetworkModel> models) {
    try {
      var writer = MAPPER.writerWithDefaultPrettyPrinter();
      if (models.size() == 1) {
        return writer.writeValueAsString(of(models.get(0)));
      }
      ArrayNode all = MAPPER.createArrayNode();
      models.forEach(m -> all.add(of(m)));
      return writer.writeValueAsString(all);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ints(ArrayNode a, List<Integer> values) {
    values.forEach(a::add);
  }
}
