package dev.cnnspec.report;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory a DL4J training step allocates in its workspaces (the network's arrays of parameters,
 * gradients and updater state aside), modelled on the mechanism of {@code ComputationGraph}
 * ({@code WorkspaceMode.ENABLED}, DL4J 1.0.0-M2.1) rather than fitted to it. Each layer's arrays
 * come from the code that runs it on the chosen {@link Dl4jPath} ({@link Dl4jKernel}, declared per
 * implementation); this class adds them up the way DL4J's three kinds of workspace do:
 *
 * <ul>
 *   <li><b>kept for backward</b> ({@code WS_ALL_LAYERS_ACT}): what each layer keeps from the
 *       forward pass to the end of the step (its output; on the fast path a plain convolution's
 *       pre-activation beside it), summed. The network's input stays where the caller put it, and
 *       a flatten of a contiguous tensor is a view. DL4J learns the size in the first step and
 *       allocates 5 % more ({@code overallocationLimit}).
 *   <li><b>error signals</b> ({@code WS_LAYER_ACT_0, _1, …}): walking the graph backwards, each
 *       vertex writes its input gradients (and whatever else its kernel puts there) into a
 *       workspace taken from a stack of free ones (a new one when the stack is empty); the
 *       workspace returns to the stack once the earliest of those inputs has run its own backward
 *       step. Each is sized by the most it held in one use, plus 2 %. A chain alternates between
 *       two workspaces; ResNet-50 uses three.
 *   <li><b>working memory</b> ({@code WS_LAYER_WORKING_MEM}): scratch of one layer's forward or
 *       backward step at a time, reset after each: the largest, plus 2 %.
 * </ul>
 *
 * <p>ND4J rounds every array in a workspace up to 32 bytes ({@link #aligned}). {@code
 * Dl4jWorkspacesTest} (runtime) checks every layer's arrays and the three totals against a real
 * training step on both paths; {@code bench/memory} the totals of LeNet-5, Light CNN and ResNet-50.
 * What it leaves out, because the build cannot know it: a copy DL4J makes when a flatten's input is
 * not contiguous, a back end other than the CPU's (cuDNN's work space), and the process around the
 * arrays: JVM heap, native libraries, data loading ({@code docs/memory.md}).
 */
public final class Dl4jWorkspaces {
  /** {@code WS_ALL_LAYERS_ACT_CONFIG.overallocationLimit}, in per cent. */
  static final int KEPT_OVERALLOCATION = 5;
  /** {@code WS_LAYER_ACT_X_CONFIG} and {@code WS_LAYER_WORKING_MEM_CONFIG}, in per cent. */
  static final int LAYER_OVERALLOCATION = 2;
  /** {@code Nd4jWorkspace.alignmentBase}: every allocation in a workspace is a multiple of it, bytes. */
  static final int ALIGNMENT = 32;

  /**
   * One layer's arrays in one training step, bytes: kept from its forward pass for backward, written
   * into the error-signal workspace by its backward step, and its scratch in its forward and in its
   * backward step (working memory holds one at a time).
   */
  public record LayerUse(long kept, long signals, long forwardWorking, long backwardWorking) {
    public long working() {
      return Math.max(forwardWorking, backwardWorking);
    }
  }

  /**
   * Bytes of the three kinds for one batch; {@code errorSignalWorkspaces} is how many DL4J opens;
   * {@code layers} each layer's share, by name, in the model's order.
   */
  public record Figures(long keptForBackward, long errorSignals, long workingMemory, int errorSignalWorkspaces,
      Map<String, LayerUse> layers) {
    public long total() {
      return keptForBackward + errorSignals + workingMemory;
    }
  }

  private Dl4jWorkspaces() {}

  /** @param tensorBytes each input's and layer's output for the batch, bytes */
  static Figures of(NetworkModel model, Map<String, Long> tensorBytes, int batch, Dl4jPath path) {
    Map<String, LayerUse> uses = new LinkedHashMap<>();
    long kept = 0;
    long working = 0;
    for (LayerModel l : model.layers()) {
      LayerUse use = Dl4jKernels.of(path, model, l).use(Dl4jKernels.site(model, l, tensorBytes, batch));
      uses.put(l.name(), use);
      kept += use.kept();
      working = Math.max(working, use.working());
    }
    List<Long> signals = errorSignalWorkspaces(model, uses);
    long errorSignals = signals.stream().mapToLong(b -> overallocated(b, LAYER_OVERALLOCATION)).sum();
    return new Figures(overallocated(kept, KEPT_OVERALLOCATION), errorSignals,
        overallocated(working, LAYER_OVERALLOCATION), signals.size(), Collections.unmodifiableMap(uses));
  }

  /**
   * The backward walk of {@code ComputationGraph.calcBackpropGradients}: the largest use of each
   * error-signal workspace, in the order DL4J creates them, over the vertices in DL4J's
   * topological order ({@link #dl4jOrder}).
   */
  static List<Long> errorSignalWorkspaces(NetworkModel model, Map<String, LayerUse> uses) {
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
        int closeable = Integer.MAX_VALUE;
        for (String in : l.node().inputs()) {
          closeable = Math.min(closeable, position.get(in));
        }
        largest.set(ws, Math.max(largest.get(ws), uses.get(l.name()).signals()));
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

  private static int newWorkspace(List<Long> largest) {
    largest.add(0L);
    return largest.size() - 1;
  }

  /** The bytes ND4J takes in a workspace for an array of {@code bytes}. */
  static long aligned(long bytes) {
    return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /** A workspace's size after learning: the bytes used, plus {@code percent} %, rounded down as DL4J does. */
  static long overallocated(long bytes, int percent) {
    return bytes + bytes * percent / 100;
  }
}
