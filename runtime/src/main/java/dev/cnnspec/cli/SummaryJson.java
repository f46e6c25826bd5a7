package dev.cnnspec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.report.MemoryEstimate;
import dev.cnnspec.report.ReceptiveField;
import dev.cnnspec.report.SummaryRow;
import java.util.List;

/**
 * The JSON form of {@code cnn summary --json}, a stable interface for scripts:
 * {@code {"network", "input": [h, w, c], "parameters": {"total", "trainable"}, "outputs": [{"name",
 * "shape"}], "layers": [{"name", "type", "shape", "parameters", "macs", "memory", "receptive_field",
 * "block"?, "layers"?}], "memory"}}. Shapes are listed as the language writes them ({@code [h, w, c]}
 * or {@code [n]}); {@code type} is the layer's kind in the language ({@code conv}, {@code maxpool},
 * …) or, for a block instance folded by {@code --depth}, the block's name, with {@code "block": true}
 * and the number of layers it covers. Several networks make a JSON list.
 *
 * <p>Fields are only ever appended, so scripts written against an older version keep working:
 * {@code memory} (bytes for the batch size: per layer {@code parameters}, {@code gradients},
 * {@code updater}, {@code activations}; for the network also {@code batch}, {@code training} and
 * {@code inference}, see {@link MemoryEstimate}) and {@code receptive_field} ({@code size},
 * {@code jump}, {@code start}, each {@code [height, width]}, see {@link ReceptiveField}) came with
 * issue 15.
 */
final class SummaryJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final int DEFAULT_BATCH = 64;

  private SummaryJson() {}

  static ObjectNode of(NetworkModel model, int depth, int batch) {
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
    MemoryEstimate memory = MemoryEstimate.of(model, batch);
    ArrayNode layers = o.putArray("layers");
    for (SummaryRow row : SummaryRow.of(model, depth, memory, ReceptiveField.of(model))) {
      ObjectNode n = layers.addObject();
      n.put("name", row.name());
      n.put("type", row.type());
      ints(n.putArray("shape"), row.shape().dims());
      n.put("parameters", row.parameters());
      n.put("macs", row.macs());
      ObjectNode m = n.putObject("memory");
      m.put("parameters", row.memory().parameters());
      m.put("gradients", row.memory().gradients());
      m.put("updater", row.memory().updater());
      m.put("activations", row.memory().activations());
      ReceptiveField.Field f = row.receptiveField();
      if (f.known()) {
        ObjectNode rf = n.putObject("receptive_field");
        rf.putArray("size").add(f.height().size()).add(f.width().size());
        rf.putArray("jump").add(f.height().jump()).add(f.width().jump());
        rf.putArray("start").add(f.height().start()).add(f.width().start());
      } else {
        n.putNull("receptive_field"); // after an upsampling op: not computed
      }
      if (row.block()) {
        n.put("block", true);
        n.put("layers", row.layers());
      }
    }
    MemoryEstimate.Totals t = memory.totals();
    ObjectNode m = o.putObject("memory");
    m.put("batch", t.batch());
    m.put("bytes_per_value", MemoryEstimate.BYTES_PER_VALUE);
    m.put("parameters", t.parameters());
    m.put("gradients", t.gradients());
    m.put("updater", t.updater());
    m.put("activations", t.activations());
    m.put("training", t.training());
    m.put("inference", t.inference());
    return o;
  }

  static String render(List<NetworkModel> models) {
    return render(models, Integer.MAX_VALUE, DEFAULT_BATCH);
  }

  /** One network: its object; several: a list. */
  static String render(List<NetworkModel> models, int depth, int batch) {
    try {
      var writer = MAPPER.writerWithDefaultPrettyPrinter();
      if (models.size() == 1) {
        return writer.writeValueAsString(of(models.get(0), depth, batch));
      }
      ArrayNode all = MAPPER.createArrayNode();
      models.forEach(m -> all.add(of(m, depth, batch)));
      return writer.writeValueAsString(all);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ints(ArrayNode a, List<Integer> values) {
    values.forEach(a::add);
  }
}
