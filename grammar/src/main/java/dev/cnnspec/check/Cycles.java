package dev.cnnspec.check;

import dev.cnnspec.model.LayerNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Tells a real cycle from a layer that is merely listed before its inputs: both break the
 * topological order {@link dev.cnnspec.model.NetworkGraph} promises (E0209), but the fixes differ.
 * Computes strongly connected components once (Tarjan's algorithm, iterative so that a
 * 10,000-layer chain cannot overflow the stack), in time linear in layers plus edges. Built only
 * when some layer reads a later one, so valid graphs never pay for it.
 */
final class Cycles {
  private final List<LayerNode> layers;
  private final ToIntFunction<String> position;
  private final int[] component;

  Cycles(List<LayerNode> layers, ToIntFunction<String> position) {
    this.layers = layers;
    this.position = position;
    this.component = components();
  }

  /** Whether {@code from} reads {@code to} along a cycle (self-reads included). */
  boolean onCycle(int from, int to) {
    return component[from] == component[to];
  }

  /**
   * The data flow around the cycle through {@code reader} and its input {@code read}, as layer
   * names: {@code reader → … → read → reader}, found breadth-first inside their component.
   */
  List<String> path(int reader, int read) {
    String readerName = layers.get(reader).name();
    if (reader == read) {
      return List.of(readerName, readerName);
    }
    // parent[x] is a layer that reads x: following it from the reader walks with the data flow.
    int[] parent = new int[layers.size()];
    Arrays.fill(parent, -2);
    parent[read] = -1;
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(read);
    while (!queue.isEmpty() && parent[reader] == -2) {
      int at = queue.poll();
      for (int in : inputsOf(at)) {
        if (component[in] == component[reader] && parent[in] == -2) {
          parent[in] = at;
          queue.add(in);
        }
      }
    }
    List<String> flow = new ArrayList<>();
    for (int at = reader; at >= 0; at = parent[at]) {
      flow.add(layers.get(at).name());
    }
    flow.add(readerName);
    return flow;
  }

  private List<Integer> inputsOf(int layer) {
    List<Integer> out = new ArrayList<>();
    for (String name : layers.get(layer).inputs()) {
      int p = position.applyAsInt(name);
      if (p >= 0) {
        out.add(p);
      }
    }
    return out;
  }

  private int[] components() {
    int n = layers.size();
    int[] index = new int[n];
    int[] low = new int[n];
    int[] comp = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      // Explicit call stack: node and the position of the next edge to visit.
      Deque<Frame> calls = new ArrayDeque<>();
      calls.push(new Frame(root, inputsOf(root)));
      index[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = true;
      while (!calls.isEmpty()) {
        Frame frame = calls.peek();
        int v = frame.node;
        if (frame.next < frame.edges.size()) {
          int w = frame.edges.get(frame.next++);
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = true;
            calls.push(new Frame(w, inputsOf(w)));
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        calls.pop();
        if (!calls.isEmpty()) {
          int parent = calls.peek().node;
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == index[v]) {
          int w;
          do {
            w = stack.pop();
            onStack[w] = false;
            comp[w] = components;
          } while (w != v);
          components++;
        }
      }
    }
    return comp;
  }

  /** One activation of the recursive algorithm: a node and the next of its edges to follow. */
  private static final class Frame {
    final int node;
    final List<Integer> edges;
    int next;

    Frame(int node, List<Integer> edges) {
      this.node = node;
      this.edges = edges;
    }
  }
}
