package dev.cnnspec.report;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory a DL4J training step allocates in its workspaces (the network's arrays of parameters,
 * gradients and updater state aside), modelled on the mechanism of {@code ComputationGraph}
 * ({@code WorkspaceMode.ENABLED}, DL4J 1.0.0-M2.1) rather than fitted to it. Three kinds of
 * workspace hold everything of the step:
 *
 * <ul>
 *   <li><b>kept for backward</b> ({@code WS_ALL_LAYERS_ACT}): every layer's output, kept from the
 *       forward pass to the end of the step, plus a second array the size of each plain (ungrouped)
 *       convolution's output (DL4J's {@code ConvolutionLayer} keeps its pre-activation result beside
 *       its activation; depthwise, separable, transposed and grouped convolutions do not); the network's
 *       input stays where the caller put it, and a flatten of a contiguous tensor is a view. DL4J
 *       learns the size in the first step and allocates 5 % more ({@code overallocationLimit}).
 *   <li><b>error signals</b> ({@code WS_LAYER_ACT_0, _1, …}): walking the graph backwards, each
 *       vertex writes the gradients with respect to its inputs into a workspace taken from a stack
 *       of free ones (a new one when the stack is empty); the workspace returns to the stack once
 *       the earliest of those inputs has run its own backward step. Each is sized by the most it
 *       held in one use, plus 2 %. Batch norm writes two arrays the size of its input (the
 *       gradients with respect to its normalised input and to its input), a residual add one per
 *       input. A chain alternates between two workspaces; ResNet-50 uses three.
 *   <li><b>working memory</b> ({@code WS_LAYER_WORKING_MEM}): scratch of one layer at a time,
 *       reset after each; the largest is a layer's activation derivative, an array the size of its
 *       output, for layers with a non-identity activation (fused into conv and dense, or an
 *       activation layer); plus 2 %.
 * </ul>
 *
 * <p>{@code bench/memory} checks the three against the workspace sizes DL4J reaches (LeNet-5,
 * Light CNN, ResNet-50: each within 0.1 %) and {@code Dl4jWorkspacesTest} (runtime) against a
 * real training step in every build. What it leaves out, because the build cannot know it: scratch
 * of a few kilobytes (batch norm and max-feature-map statistics), a copy DL4J makes when a
 * flatten's input is not contiguous, a back end other than the CPU's (cuDNN's work space), and
 * the process around the arrays: JVM heap, native libraries, data loading ({@code docs/memory.md}).
 */
public final class Dl4jWorkspaces {
  /** {@code WS_ALL_LAYERS_ACT_CONFIG.overallocationLimit}, in per cent. */
  static final int KEPT_OVERALLOCATION = 5;
  /** {@code WS_LAYER_ACT_X_CONFIG} and {@code WS_LAYER_WORKING_MEM_CONFIG}, in per cent. */
  static final int LAYER_OVERALLOCATION = 2;

  /** Bytes of the three kinds for one batch; {@code errorSignalWorkspaces} is how many DL4J opens. */
  public record Figures(long keptForBackward, long errorSignals, long workingMemory, int errorSignalWorkspaces) {
    public long total() {
      return keptForBackward + errorSignals + workingMemory;
    }
  }

  private Dl4jWorkspaces() {}

  /** @param tensorBytes each input's and layer's output for the batch, bytes */
  static Figures of(NetworkModel model, Map<String, Long> tensorBytes) {
    long kept = 0;
    long working = 0;
    for (LayerModel l : model.layers()) {
      long out = tensorBytes.get(l.name());
      Op op = l.node().op();
      if (!(op instanceof Op.Flatten)) {
        kept += out;
      }
      if (keepsSecondArray(op)) {
        kept += out;
      }
      if (hasActivation(op)) {
        working = Math.max(working, out);
      }
    }
    List<Long> signals = errorSignalWorkspaces(model, tensorBytes);
    long errorSignals = signals.stream().mapToLong(b -> overallocated(b, LAYER_OVERALLOCATION)).sum();
    return new Figures(overallocated(kept, KEPT_OVERALLOCATION), errorSignals,
        overallocated(working, LAYER_OVERALLOCATION), signals.size());
  }

  /**
   * The backward walk of {@code ComputationGraph.calcBackpropGradients}: the largest use of each
   * error-signal workspace, in the order DL4J creates them, over the vertices in DL4J's
   * topological order ({@link #dl4jOrder}).
   */
  static List<Long> errorSignalWorkspaces(NetworkModel model, Map<String, Long> tensorBytes) {
    List<String> order = dl4jOrder(model);
    Map<String, Integer> position = new HashMap<>();
    order.forEach(v -> position.put(v, position.size()));
    Map<String, LayerModel> layers = new HashMap<>();
    model.layers().forEach(l -> layers.put(l.name(), l));
    List<Long> largest = new ArrayList<>();
    Deque<Integer> free = new ArrayDeque<>();
    Map<Integer, List<Integer>> closeAfter = new HashMap<>();
    for (int step = order.size() - 1; step >= 0; step--) {
      LayerModel l = layers.get(order.get(step));
      if (l != null) { // not a network input
        int ws = free.isEmpty() ? newWorkspace(largest) : free.pop();
        long bytes = 0;
        int closeable = Integer.MAX_VALUE;
        for (String in : l.node().inputs()) {
          bytes += tensorBytes.get(in) * signalsPerInput(l.node().op());
          closeable = Math.min(closeable, position.get(in));
        }
        largest.set(ws, Math.max(largest.get(ws), bytes));
        closeAfter.computeIfAbsent(closeable, k -> new ArrayList<>()).add(ws);
      }
      for (int ws : closeAfter.getOrDefault(step, List.of())) {
        free.push(ws);
      }
    }
    return largest;
  }

  /**
   * The vertices in the order DL4J runs them: Kahn's algorithm over vertex indices (the inputs,
   * then the layers in the order the back end adds them, which is the model's), first in first
   * out, a vertex's successors by ascending index. Branches interleave: a block's shortcut runs
   * alongside its main path, not after it.
   */
  static List<String> dl4jOrder(NetworkModel model) {
    List<String> names = new ArrayList<>();
    model.inputs().forEach(in -> names.add(in.name()));
    model.layers().forEach(l -> names.add(l.name()));
    Map<String, Integer> index = new HashMap<>();
    names.forEach(n -> index.put(n, index.size()));
    Map<Integer, java.util.TreeSet<Integer>> successors = new HashMap<>();
    int[] waiting = new int[names.size()];
    for (LayerModel l : model.layers()) {
      int to = index.get(l.name());
      for (String in : new java.util.LinkedHashSet<>(l.node().inputs())) {
        successors.computeIfAbsent(index.get(in), k -> new java.util.TreeSet<>()).add(to);
        waiting[to]++;
      }
    }
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      ready.addLast(i);
    }
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int next = ready.removeFirst();
      order.add(names.get(next));
      for (int to : successors.getOrDefault(next, new java.util.TreeSet<>())) {
        if (--waiting[to] == 0) {
          ready.addLast(to);
        }
      }
    }
    return order;
  }

  /**
   * Arrays the size of an input that a layer's backward step writes into the error-signal
   * workspace: batch norm writes the gradient with respect to its normalised input beside the one
   * with respect to its input (both as large as the input); every other layer the latter only.
   */
  private static int signalsPerInput(Op op) {
    return op instanceof Op.BatchNorm ? 2 : 1;
  }

  private static int newWorkspace(List<Long> largest) {
    largest.add(0L);
    return largest.size() - 1;
  }

  /** The layers DL4J builds as a {@code ConvolutionLayer} (or a subclass). */
  /**
   * Whether the layer keeps a second array the size of its output: only DL4J's
   * {@code ConvolutionLayer} (im2col and a matrix product, whose permuted result is kept beside the
   * activation). Measured in {@code Dl4jWorkspacesTest}: DL4J's depthwise, separable and transposed
   * convolutions call one libnd4j op that writes the output, and the activation is applied to it in
   * place; so does the runtime's {@code GroupedConvolution}, whose per-group copies are scratch in the
   * working-memory workspace, reset after the layer. None of these keeps a second array.
   */
  private static boolean keepsSecondArray(Op op) {
    return op instanceof Op.Conv2D c && !c.grouped();
  }

  private static boolean hasActivation(Op op) {
    Activation a = op instanceof Op.Conv2D c ? c.activation() : op instanceof Op.Dense d ? d.activation()
        : op instanceof Op.ActivationOp x ? x.activation() : op instanceof Op.DepthwiseConv2D w ? w.activation()
        : op instanceof Op.SeparableConv2D s ? s.activation() : op instanceof Op.ConvTranspose2D t ? t.activation()
        : null;
    return a != null && a != Activation.IDENTITY;
  }

  /** A workspace's size after learning: the bytes used, plus {@code percent} %, rounded down as DL4J does. */
  static long overallocated(long bytes, int percent) {
    return bytes + bytes * percent / 100;
  }
}
