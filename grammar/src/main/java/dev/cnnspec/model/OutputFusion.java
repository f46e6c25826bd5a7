package dev.cnnspec.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides how each output head becomes back-end layers, following design.md: a head whose source is a
 * dense layer read by nothing else (no layer, no other head) is fused with it into one
 * {@code OutputLayer} that keeps the dense layer's name; any other head gets its own {@code LossLayer}
 * after its source, named after the output, or {@code <output>_loss} when that name is already a
 * layer's or an input's (the last layer of {@code output probs = … -> globalavgpool} is itself
 * named {@code probs}).
 *
 * <p>It lives with the model because both DL4J back ends — the code generator in the processor and
 * the interpreter in the runtime — must apply exactly this rule, and neither may depend on the other.
 */
public final class OutputFusion {
  private final Map<String, OutputModel> fusedBySource = new LinkedHashMap<>();
  private final Map<String, String> lossLayerByOutput = new LinkedHashMap<>();
  private final List<String> graphOutputs;

  public OutputFusion(NetworkModel model) {
    Map<String, Integer> readers = new HashMap<>();
    for (LayerModel layer : model.layers()) {
      for (String in : layer.node().inputs()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    for (OutputModel out : model.outputs()) {
      readers.merge(out.node().source(), 1, Integer::sum);
    }
    Set<String> taken = new HashSet<>();
    model.inputs().stream().map(InputNode::name).forEach(taken::add);
    model.layers().stream().map(LayerModel::name).forEach(taken::add);
    List<String> names = new ArrayList<>();
    for (OutputModel out : model.outputs()) {
      String source = out.node().source();
      boolean dense = model.layer(source).map(l -> l.op() instanceof Op.Dense).orElse(false);
      if (dense && readers.get(source) == 1) {
        fusedBySource.put(source, out);
        names.add(source);
      } else {
        String name = taken.contains(out.name()) ? out.name() + "_loss" : out.name();
        taken.add(name);
        lossLayerByOutput.put(out.name(), name);
        names.add(name);
      }
    }
    graphOutputs = List.copyOf(names);
  }

  /** The head to fuse into the dense layer {@code layer}, if any. */
  public OutputModel fusedInto(String layer) {
    return fusedBySource.get(layer);
  }

  /** The name of the loss layer of an unfused head, or null for a fused one. */
  public String lossLayerName(OutputModel output) {
    return lossLayerByOutput.get(output.name());
  }

  /** The names DL4J's {@code setOutputs} gets, in the order of the model's outputs. */
  public List<String> graphOutputs() {
    return graphOutputs;
  }
}
