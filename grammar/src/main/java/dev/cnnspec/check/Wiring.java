package dev.cnnspec.check;

import dev.cnnspec.diag.Suggestions;
import static dev.cnnspec.diag.DiagnosticCode.CYCLE;
import static dev.cnnspec.diag.DiagnosticCode.DUPLICATE_DEFINITION;
import static dev.cnnspec.diag.DiagnosticCode.WRONG_INPUT_COUNT;
import static dev.cnnspec.diag.DiagnosticCode.UNKNOWN_INPUT;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors known so far while the checker walks the graph in order, and the resolution of a
 * layer's input names against them. Every lookup is a hash lookup, so a 10,000-layer chain checks
 * in linear time.
 *
 * <p>A tensor is either defined (with a shape) or failed. Reading a failed tensor is silent: its
 * error has been reported where it arose, and a second message downstream would only be noise.
 * A name that is no tensor yet is E0209 when a later layer defines it (a cycle, or a front end
 * that listed layers out of order) and E0502 otherwise.
 */
final class Wiring {
  private final Diagnostics diagnostics;
  private final List<LayerNode> layers;
  // One entry per name rather than one map per fact: a single hash lookup per input keeps the
  // working set small, which matters once a graph outgrows the CPU caches.
  private final Map<String, Tensor> tensors;
  private final List<String> inputNames = new ArrayList<>();
  private Cycles cycles;

  /** What is known about one name: the first layer listing it, where it was defined, its fate. */
  private static final class Tensor {
    final int position;
    Location definedAt;
    Shape shape;
    boolean failed;

    Tensor(int position) {
      this.position = position;
    }
  }

  Wiring(List<LayerNode> layers, Diagnostics diagnostics) {
    this.layers = layers;
    this.diagnostics = diagnostics;
    this.tensors = new HashMap<>(Math.max(16, layers.size() * 2));
    for (int i = 0; i < layers.size(); i++) {
      tensors.putIfAbsent(layers.get(i).name(), new Tensor(i));
    }
  }

  /**
   * Claims a tensor name for a network input or a layer; reports E0206 and returns false if an
   * earlier input or layer has it, in which case references keep meaning the first definition.
   */
  boolean claim(String name, Location at, String what) {
    Tensor tensor = tensors.computeIfAbsent(name, n -> new Tensor(-1));
    if (tensor.definedAt != null) {
      diagnostics.error(DUPLICATE_DEFINITION, at,
          what + " " + name + ": the name " + name + " is already defined at " + tensor.definedAt,
          "give one of them another name");
      return false;
    }
    tensor.definedAt = at;
    if (tensor.position < 0) {
      inputNames.add(name);
    }
    return true;
  }

  /** Records the shape of a claimed name. */
  void define(String name, Shape shape) {
    tensors.get(name).shape = shape;
  }

  /** Marks a claimed name as failed: readers skip it silently. */
  void fail(String name) {
    tensors.get(name).failed = true;
  }

  Shape shape(String name) {
    Tensor tensor = tensors.get(name);
    return tensor == null ? null : tensor.shape;
  }

  boolean hasFailed(String name) {
    Tensor tensor = tensors.get(name);
    return tensor != null && tensor.failed;
  }

  /** The index of the first layer with this name, or -1: what {@link Cycles} walks along. */
  int position(String name) {
    Tensor tensor = tensors.get(name);
    return tensor == null ? -1 : tensor.position;
  }

  /**
   * Checks the layer's input count against its op's arity (E0221).
   */
  boolean checkArity(LayerNode layer) {
    int arity = layer.op().arity();
    int got = layer.inputs().size();
    if (arity < 0 && got < 2) {
      diagnostics.error(WRONG_INPUT_COUNT, layer.location(),
          layer.name() + ": " + layer.op().kind() + " takes at least 2 input tensors, got " + got,
          layer.op().kind() + " two or more tensors, e.g. " + layer.op().kind() + "(a, b)");
      return false;
    }
    if (arity >= 0 && got != arity) {
      diagnostics.error(WRONG_INPUT_COUNT, layer.location(),
          layer.name() + ": " + layer.op().kind() + " takes " + arity + " input tensor"
              + (arity == 1 ? "" : "s") + ", got " + got,
          got > arity ? "merge the tensors first with add or concat" : "apply the layer to a tensor");
      return false;
    }
    return true;
  }

  /**
   * The operands of the layer at {@code index}, or null when one of them is unavailable: unknown
   * or later (reported here) or failed upstream (silent).
   */
  List<Operand> resolve(LayerNode layer, int index) {
    List<Operand> operands = new ArrayList<>(layer.inputs().size());
    boolean ok = true;
    for (String name : layer.inputs()) {
      Tensor tensor = tensors.get(name);
      if (tensor != null && tensor.shape != null) {
        operands.add(new Operand(name, tensor.shape));
        continue;
      }
      ok = false;
      if (tensor != null && tensor.failed) {
        continue;
      }
      if (tensor != null && tensor.position >= index) {
        reportOrder(layer, index, name, tensor.position);
      } else {
        diagnostics.error(UNKNOWN_INPUT, layer.location(),
            layer.name() + ": input '" + name + "' names no tensor",
            Suggestions.closest(name, definedBefore(index))
                .map(s -> "did you mean '" + s + "'?")
                .orElse("name a network input or a layer defined before " + layer.name()));
      }
    }
    return ok ? operands : null;
  }

  /** Names a layer at {@code index} may read: the inputs, then the layers listed before it. */
  List<String> definedBefore(int index) {
    List<String> names = new ArrayList<>(inputNames);
    for (int i = 0; i < index && i < layers.size(); i++) {
      names.add(layers.get(i).name());
    }
    return names;
  }

  private void reportOrder(LayerNode layer, int index, String name, int later) {
    if (cycles == null) {
      cycles = new Cycles(layers, this::position);
    }
    if (cycles.onCycle(index, later)) {
      diagnostics.error(CYCLE, layer.location(),
          layer.name() + ": input '" + name + "' depends on " + layer.name() + " itself: "
              + String.join(" -> ", cycles.path(index, later)),
          "break the cycle: a layer cannot read its own output, directly or through other layers");
    } else {
      diagnostics.error(CYCLE, layer.location(),
          layer.name() + ": input '" + name + "' is defined after " + layer.name()
              + " (layers must be listed after the layers they read)",
          "list " + name + " before " + layer.name() + " when building the graph");
    }
  }
}
