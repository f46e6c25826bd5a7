package dev.cnnspec.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.report.MemoryEstimate;
import dev.cnnspec.report.ReceptiveField;
import dev.cnnspec.report.SummaryRow;
import dev.cnnspec.runtime.train.JsonFiles;
import java.util.ArrayList;
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
 * issue 15. The records below are the layout; Jackson writes them in the order given.
 */
final class SummaryJson {
  static final int DEFAULT_BATCH = 64;

  private SummaryJson() {}

  /** One network; the fields in this order are the interface (new ones only ever after them). */
  @JsonPropertyOrder({"network", "input", "parameters", "outputs", "layers", "memory"})
  record Network(String network, List<Integer> input, Parameters parameters, List<Output> outputs, List<Layer> layers,
      NetworkMemory memory) {}

  record Parameters(long total, long trainable) {}

  record Output(String name, List<Integer> shape) {}

  /** A layer's row; {@code block} and {@code layers} only for a block instance folded by {@code --depth}. */
  @JsonPropertyOrder({"name", "type", "shape", "parameters", "macs", "memory", "receptive_field", "block", "layers"})
  record Layer(String name, String type, List<Integer> shape, long parameters, long macs, LayerMemory memory,
      @JsonProperty("receptive_field") Field receptiveField,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean block,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer layers) {}

  @JsonPropertyOrder({"parameters", "gradients", "updater", "activations"})
  record LayerMemory(long parameters, long gradients, long updater, long activations) {}

  /** {@code [height, width]} each; {@code null} for the whole field after an upsampling op (not computed). */
  @JsonPropertyOrder({"size", "jump", "start"})
  record Field(List<Long> size, List<Long> jump, List<Double> start) {}

  /**
   * The last three numbers (DL4J's workspaces within {@code training}) came after the others, and
   * the execution path they are for ({@code fast}) after them.
   */
  @JsonPropertyOrder({"batch", "bytes_per_value", "parameters", "gradients", "updater", "activations", "training",
      "inference", "kept_for_backward", "error_signals", "working_memory", "dl4j_path"})
  record NetworkMemory(int batch, @JsonProperty("bytes_per_value") int bytesPerValue, long parameters, long gradients,
      long updater, long activations, long training, long inference,
      @JsonProperty("kept_for_backward") long keptForBackward, @JsonProperty("error_signals") long errorSignals,
      @JsonProperty("working_memory") long workingMemory, @JsonProperty("dl4j_path") String dl4jPath) {}

  static Network of(NetworkModel model, int depth, int batch) {
    List<Output> outputs = model.outputs().stream().map(o -> new Output(o.name(), o.shape().dims())).toList();
    MemoryEstimate memory = MemoryEstimate.of(model, batch);
    List<Layer> layers = new ArrayList<>();
    for (SummaryRow row : SummaryRow.of(model, depth, memory, ReceptiveField.of(model))) {
      MemoryEstimate.Layer m = row.memory();
      ReceptiveField.Field f = row.receptiveField();
      Field field = !f.known() ? null : new Field(List.of(f.height().size(), f.width().size()),
          List.of(f.height().jump(), f.width().jump()), List.of(f.height().start(), f.width().start()));
      layers.add(new Layer(row.name(), row.type(), row.shape().dims(), row.parameters(), row.macs(),
          new LayerMemory(m.parameters(), m.gradients(), m.updater(), m.activations()), field,
          row.block() ? Boolean.TRUE : null, row.block() ? row.layers() : null));
    }
    MemoryEstimate.Totals t = memory.totals();
    return new Network(model.name(), model.inputs().get(0).shape().dims(),
        new Parameters(model.totalParameters(), model.trainableParameters()), outputs, layers,
        new NetworkMemory(t.batch(), MemoryEstimate.BYTES_PER_VALUE, t.parameters(), t.gradients(), t.updater(),
            t.activations(), t.training(), t.inference(), t.keptForBackward(), t.errorSignals(), t.workingMemory(),
            t.path().name().toLowerCase(java.util.Locale.ROOT)));
  }

  static String render(List<NetworkModel> models) {
    return render(models, Integer.MAX_VALUE, DEFAULT_BATCH);
  }

  /** One network: its object; several: a list. */
  static String render(List<NetworkModel> models, int depth, int batch) {
    List<Network> all = models.stream().map(m -> of(m, depth, batch)).toList();
    return JsonFiles.toJson(all.size() == 1 ? all.get(0) : all);
  }
}
