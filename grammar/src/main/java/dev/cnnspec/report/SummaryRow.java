package dev.cnnspec.report;

import dev.cnnspec.model.BlockInstance;
import dev.cnnspec.model.BlockPath;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of a summary: a layer, or, below the chosen depth, a whole block instance with its
 * layers' parameters, multiply-adds and memory summed (as Keras' {@code expand_nested=False} and
 * torchinfo's {@code depth} do). A block's row shows the shape and receptive field of its last
 * layer in graph order (its result) and the tensors outside it that it reads.
 *
 * @param type the op's kind, or the block's name for an instance ({@code block} when unknown)
 * @param block whether the row stands for a block instance
 * @param layers how many layers the row covers (1 for a layer)
 * @param memory the row's bytes for the batch the rows were made for
 */
public record SummaryRow(String name, String type, boolean block, int layers, Shape shape,
    long parameters, long trainableParameters, long macs, List<String> inputs,
    MemoryEstimate.Layer memory, ReceptiveField.Field receptiveField) {

  /**
   * Rows for {@code depth} levels of nesting ({@link Integer#MAX_VALUE}: one row per layer),
   * in graph order: a block's row stands where its first layer would.
   */
  public static List<SummaryRow> of(NetworkModel model, int depth, MemoryEstimate memory,
      Map<String, ReceptiveField.Field> fields) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    Map<String, List<LayerModel>> groups = new LinkedHashMap<>();
    Map<String, String> visible = new LinkedHashMap<>();
    for (LayerModel l : model.layers()) {
      String row = BlockPath.visibleAt(l.name(), depth);
      visible.put(l.name(), row);
      groups.computeIfAbsent(row, r -> new ArrayList<>()).add(l);
    }
    List<SummaryRow> rows = new ArrayList<>();
    for (Map.Entry<String, List<LayerModel>> g : groups.entrySet()) {
      List<LayerModel> members = g.getValue();
      LayerModel last = members.get(members.size() - 1);
      if (members.size() == 1 && last.name().equals(g.getKey())) {
        List<String> inputs = last.node().inputs().stream().map(in -> visible.getOrDefault(in, in)).distinct().toList();
        rows.add(new SummaryRow(last.name(), last.op().kind(), false, 1, last.outputShape(), last.parameters(),
            last.trainableParameters(), last.macs(), inputs, memory.layer(last.name()), fields.get(last.name())));
        continue;
      }
      Set<String> inputs = new LinkedHashSet<>();
      long params = 0;
      long trainable = 0;
      long macs = 0;
      MemoryEstimate.Layer bytes = new MemoryEstimate.Layer(0, 0, 0, 0);
      for (LayerModel l : members) {
        params += l.parameters();
        trainable += l.trainableParameters();
        macs += l.macs();
        bytes = bytes.plus(memory.layer(l.name()));
        for (String in : l.node().inputs()) {
          String from = visible.getOrDefault(in, in);
          if (!from.equals(g.getKey())) {
            inputs.add(from);
          }
        }
      }
      String type = model.graph().block(g.getKey()).map(BlockInstance::block).orElse("block");
      rows.add(new SummaryRow(g.getKey(), type, true, members.size(), last.outputShape(), params, trainable,
          macs, List.copyOf(inputs), bytes, fields.get(last.name())));
    }
    return rows;
  }
}
