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
 * after its source, named after the output, or {@code <output>_loss} (then {@code <output>_loss_2}, …)
 * when that name is already a layer's, an input's or another loss layer's (the last layer of
 * {@code output probs = … -> globalavgpool} is itself named {@code probs}, and a user may name a
 * tensor {@code probs_loss}).
 *
 * <p>It also fixes the activation the DL4J output or loss layer applies: a logits head with
 * {@code cross_entropy} gets softmax there ({@link LossPairing.Verdict#FUSE_SOFTMAX}), so that the
 * loss is computed on probabilities and the network's predictions are probabilities; otherwise a
 * fused dense layer keeps its activation and a loss layer applies none.
 *
 * <p>It lives with the model because both DL4J back ends — the code generator in the processor and
 * the interpreter in the runtime — must apply exactly this rule, and neither may depend on the other.
 */
public final class OutputFusion {
  private final Map<String, OutputModel> fusedBySource = new LinkedHashMap<>();
  private final Map<String, String> lossLayerByOutput = new LinkedHashMap<>();
  private final Map<String, Activation> activationByOutput = new HashMap<>();
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
      Op sourceOp = model.layer(source).map(LayerModel::op).orElse(null);
      boolean fuseSoftmax = LossPairing.verdict(LossPairing.headActivation(sourceOp), out.node().loss())
          == LossPairing.Verdict.FUSE_SOFTMAX;
      if (sourceOp instanceof Op.Dense dense && readers.get(source) == 1) {
        fusedBySource.put(source, out);
        names.add(source);
        activationByOutput.put(out.name(), fuseSoftmax ? Activation.SOFTMAX : dense.activation());
      } else {
        String name = free(out.name(), taken);
        taken.add(name);
        lossLayerByOutput.put(out.name(), name);
        names.add(name);
        activationByOutput.put(out.name(), fuseSoftmax ? Activation.SOFTMAX : Activation.IDENTITY);
      }
    }
    graphOutputs = List.copyOf(names);
  }

  private static String free(String output, Set<String> taken) {
    if (!taken.contains(output)) {
      return output;
    }
    String base = output + "_loss";
    String name = base;
    for (int i = 2; taken.contains(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** The head to fuse into the dense layer {@code layer}, if any. */
  public OutputModel fusedInto(String layer) {
    return fusedBySource.get(layer);
  }

  /** The name of the loss layer of an unfused head, or null for a fused one. */
  public String lossLayerName(OutputModel output) {
    return lossLayerByOutput.get(output.name());
  }

  /**
   * The activation of the head's DL4J output layer (the fused dense layer's) or loss layer: what
   * turns the values the loss reads into the network's predictions.
   */
  public Activation activation(OutputModel output) {
    return activationByOutput.get(output.name());
  }

  /** The names DL4J's {@code setOutputs} gets, in the order of the model's outputs. */
  public List<String> graphOutputs() {
    return graphOutputs;
  }
}
