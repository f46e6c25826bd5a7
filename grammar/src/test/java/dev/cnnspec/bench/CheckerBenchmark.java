package dev.cnnspec.bench;

import dev.cnnspec.check.NetworkChecker;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.testing.ZooGraphs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times {@link NetworkChecker} on ResNet-152 and on synthetic chains of 1,000 to 20,000 layers, to
 * show that checking is fast and linear in the number of layers. Not a unit test (unit tests make
 * no timed assertions); run it by hand from the repository root:
 *
 * <pre>
 * mvn -B -q -o -pl grammar test-compile exec:java \
 *     -Dexec.mainClass=dev.cnnspec.bench.CheckerBenchmark -Dexec.classpathScope=test \
 *     -Dexec.args="200 51"
 * </pre>
 *
 * Arguments: warm-up rounds and timed rounds (default 200 and 51). Each graph is built once. A
 * round checks every graph once, in turn, so that load from other processes on a shared machine
 * falls on all sizes alike instead of skewing the ratio; the median over the timed rounds is
 * reported in milliseconds, with microseconds per layer (flat when linear) and the
 * 10,000 : 1,000 ratio (about 10 when linear).
 *
 * <p>Per-layer time also grows once a graph no longer fits in the CPU caches (a 10,000-layer graph
 * is a few megabytes of small objects), which has nothing to do with the algorithm. So each graph
 * is also timed under a baseline that is linear by construction: one pass that indexes the layer
 * names in a {@code HashMap} and looks up every input. The checker does a constant amount of work
 * per layer on top of such lookups, so "checker / baseline" stays flat across sizes exactly when
 * checking is linear.
 */
public final class CheckerBenchmark {
  private CheckerBenchmark() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 51;
    Map<String, NetworkGraph> graphs = new LinkedHashMap<>();
    graphs.put("ResNet-152", ZooGraphs.resnet(3, 8, 36, 3));
    for (int n : new int[] {1_000, 2_000, 5_000, 10_000, 20_000}) {
      graphs.put(String.format(Locale.ROOT, "chain %,d", n), ZooGraphs.chain(n));
    }
    List<NetworkGraph> list = new ArrayList<>(graphs.values());
    double[][] ms = new double[list.size()][runs];
    double[][] base = new double[list.size()][runs];
    long sink = 0;
    for (int round = 0; round < warmup + runs; round++) {
      for (int g = 0; g < list.size(); g++) {
        long start = System.nanoTime();
        NetworkModel model = checkOnce(list.get(g));
        long elapsed = System.nanoTime() - start;
        sink += model.layers().size();
        start = System.nanoTime();
        sink += baseline(list.get(g));
        long baseElapsed = System.nanoTime() - start;
        if (round >= warmup) {
          ms[g][round - warmup] = elapsed / 1e6;
          base[g][round - warmup] = baseElapsed / 1e6;
        }
      }
    }
    System.out.printf(Locale.ROOT, "warm-up %d rounds, median of %d rounds (checksum %d)%n", warmup, runs, sink);
    System.out.printf(Locale.ROOT, "%-14s %7s  %10s %10s %9s %9s%n",
        "graph", "layers", "check ms", "us/layer", "base ms", "ratio");
    double[] medians = new double[list.size()];
    int g = 0;
    for (Map.Entry<String, NetworkGraph> e : graphs.entrySet()) {
      Arrays.sort(ms[g]);
      Arrays.sort(base[g]);
      medians[g] = ms[g][runs / 2];
      double baseMedian = base[g][runs / 2];
      int layers = e.getValue().layers().size();
      System.out.printf(Locale.ROOT, "%-14s %7d  %10.3f %10.3f %9.3f %9.2f%n",
          e.getKey(), layers, medians[g], medians[g] * 1000 / layers, baseMedian, medians[g] / baseMedian);
      g++;
    }
    System.out.printf(Locale.ROOT, "ratio chain 10,000 / chain 1,000: %.2f (linear: about 10)%n",
        medians[4] / medians[1]);
  }

  /** The linear baseline: index layer names, resolve every input once. */
  private static long baseline(NetworkGraph graph) {
    Map<String, Integer> position = new HashMap<>();
    List<LayerNode> layers = graph.layers();
    for (int i = 0; i < layers.size(); i++) {
      position.put(layers.get(i).name(), i);
    }
    long sum = 0;
    for (LayerNode layer : layers) {
      for (String input : layer.inputs()) {
        Integer p = position.get(input);
        sum += p == null ? 0 : p;
      }
    }
    return sum;
  }

  private static NetworkModel checkOnce(NetworkGraph graph) {
    Diagnostics diagnostics = new Diagnostics();
    return new NetworkChecker().check(graph, diagnostics)
        .orElseThrow(() -> new IllegalStateException("benchmark graph does not check:\n" + diagnostics));
  }
}
