package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.CYCLE;
import static dev.cnnspec.diag.DiagnosticCode.DUPLICATE_DEFINITION;
import static dev.cnnspec.diag.DiagnosticCode.INVALID_VALUE;
import static dev.cnnspec.diag.DiagnosticCode.UNKNOWN_INPUT;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final Map<String, Integer> position = new HashMap<>();
  private final Map<String, Shape> shapes = new HashMap<>();
  private final Map<String, Location> definedAt = new HashMap<>();
  private final Set<String> failed = new HashSet<>();
  private Cycles cycles;

  Wiring(List<LayerNode> layers, Diagnostics diagnostics) {
    this.layers = layers;
    this.diagnostics = diagnostics;
    for (int i = 0; i < layers.size(); i++) {
      position.putIfAbsent(layers.get(i).name(), i);
    }
  }

  /**
   * Claims a tensor name for a network input or a layer; reports E0206 and returns false if an
   * earlier input or layer has it, in which case references keep meaning the first definition.
   */
  boolean claim(String name, Location at, String what) {
    Location first = definedAt.putIfAbsent(name, at);
    if (first != null) {
      diagnostics.error(DUPLICATE_DEFINITION, at,
          what + " " + name + ": the name " + name + " is already defined at " + first,
          "give one of them another name");
      return false;
    }
    return true;
  }

  void define(String name, Shape shape) {
    shapes.put(name, shape);
  }

  void fail(String name) {
    failed.add(name);
  }

  Shape shape(String name) {
    return shapes.get(name);
  }

  boolean hasFailed(String name) {
    return failed.contains(name);
  }

  /**
   * Checks the layer's input count against its op's arity (E0210).
   */
  boolean checkArity(LayerNode layer) {
    int arity = layer.op().arity();
    int got = layer.inputs().size();
    if (arity < 0 && got < 2) {
      diagnostics.error(INVALID_VALUE, layer.location(),
          layer.name() + ": " + layer.op().kind() + " takes at least 2 input tensors, got " + got,
          layer.op().kind() + " two or more tensors, e.g. " + layer.op().kind() + "(a, b)");
      return false;
    }
    if (arity >= 0 && got != arity) {
      diagnostics.error(INVALID_VALUE, layer.location(),
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
      Shape shape = shapes.get(name);
      if (shape != null) {
        operands.add(new Operand(name, shape));
        continue;
      }
      ok = false;
      if (failed.contains(name)) {
        continue;
      }
      Integer later = position.get(name);
      if (later != null && later >= index) {
        reportOrder(layer, index, name, later);
      } else {
        diagnostics.error(UNKNOWN_INPUT, layer.location(),
            layer.name() + ": input '" + name + "' names no tensor",
            "name a network input or a layer defined in this network");
      }
    }
    return ok ? operands : null;
  }

  private void reportOrder(LayerNode layer, int index, String name, int later) {
    if (cycles == null) {
      cycles = new Cycles(layers, position);
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
