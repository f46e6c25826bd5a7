package dev.cnnspec.bench;

import dev.cnnspec.runtime.exec.ExecutionPath;
import dev.cnnspec.runtime.exec.FastPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The DL4J half of {@code bench/speed}: trains each generated zoo network ({@link BenchNetwork}: LeNet-5,
 * Light CNN, ResNet-20, built with {@code builder().build()}) for a fixed number of batches (Adam,
 * batch 256 by default) after a warm-up, then times inference over the same batches, and prints
 * one {@code RESULT} line per network, with the process's peak resident memory so far, for the
 * script to put next to PyTorch's. The warm-up (20 batches by default, training and inference) is
 * long enough for the JIT: with 5, about 40 % of the timed process CPU of a LeNet-5 run was C1/C2
 * compiling, which PyTorch does not pay. For LeNet-5 it also
 * times, in the same JVM and on the same path, {@link HandWrittenLeNet5} (impl suffix
 * {@code -handwritten}), the baseline of the generated / hand-written ratio: both graphs are warmed
 * up first and then timed in alternation, batch by batch, three instances of each ({@link #INSTANCES}),
 * so that neither gets the JIT's or the machine's better moments, nor the luck of one instance. Which path runs (fast
 * or plain) is decided by {@link FastPath} from the JVM's system properties, so the script runs
 * this class twice: once as is, once with {@code -Dcnnspec.exec=plain}.
 *
 * <p>Arguments: {@code [--nets lenet5,lightcnn,resnet20] [--batches 60] [--warmup 20] [--batch 256]
 * [--data /usr/share/datasets/fashion-mnist]}.
 */
public final class SpeedBench {
  private SpeedBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(args, "lenet5,lightcnn", 60, 20);
    String nets = o.nets();
    int batches = o.batches();
    int warmup = o.warmup();
    int batchSize = o.batchSize();
    Path data = o.data();
    FastPath.enable();
    for (String name : nets.split(",")) {
      BenchNetwork net = BenchNetwork.named(name);
      List<DataSet> sets = net.batches(data, warmup + batches, batchSize);
      List<Timed> timed = new java.util.ArrayList<>();
      if (net != BenchNetwork.LENET5) {
        timed.add(new Timed("", net.build.get()));
      }
      for (int i = 0; net == BenchNetwork.LENET5 && i < INSTANCES; i++) {
        timed.add(new Timed("", net.build.get()));
        ComputationGraph graph = new ComputationGraph(HandWrittenLeNet5.configuration(42));
        graph.init();
        timed.add(new Timed("-handwritten", FastPath.optimise(graph)));
      }
      run(net.id, net.trainable, timed, sets, warmup, batchSize);
    }
  }

  /**
   * Instances of each LeNet-5 graph (generated, hand-written) timed and summed. Instances of one
   * configuration in one JVM differ by up to 1.5x here, in every phase, the updater's included
   * (bench/README, *Generated against hand-written*), more than the two configurations (one flatten
   * vertex apart) could; the sum over three instances each weighs that down.
   */
  private static final int INSTANCES = 3;

  /** A graph being timed and the wall and CPU nanoseconds and images its timed steps took. */
  private static final class Timed {
    final String suffix;
    final ComputationGraph graph;
    long trainNanos, trainCpu, inferNanos, inferCpu, trainImages, inferImages;

    Timed(String suffix, ComputationGraph graph) {
      this.suffix = suffix;
      this.graph = graph;
    }
  }

  /**
   * Warms every graph up, then times them in alternation batch by batch, each batch's order rotated
   * by one (timed in sixths of the batches instead, the generated LeNet-5 trained at 0.75x-1.15x of the
   * hand-written graph over invocations whose configurations differ in one flatten vertex). The
   * figures of the instances of one configuration are summed into one RESULT line.
   */
  private static void run(String net, long trainable, List<Timed> graphs, List<DataSet> sets, int warmup,
      int batchSize) {
    for (Timed t : graphs) {
      for (int i = 0; i < warmup; i++) {
        t.graph.fit(sets.get(i));
        t.graph.output(false, sets.get(i).getFeatures());
      }
    }
    // Batch by batch, each batch starting one graph further on: the machine's speed here drifts by up to
    // 2x within a minute (other tenants), so graphs compared must share every moment of it.
    int timedBatches = sets.size() - warmup;
    for (int i = warmup; i < warmup + timedBatches; i++) {
      List<Timed> order = new java.util.ArrayList<>(graphs);
      java.util.Collections.rotate(order, i);
      for (Timed t : order) {
        long[] train = time(sets, i, i + 1, t.graph::fit);
        t.trainNanos += train[0];
        t.trainCpu += train[1];
        t.trainImages += batchSize;
      }
      for (Timed t : order) {
        long[] infer = time(sets, i, i + 1, ds -> t.graph.output(false, ds.getFeatures()));
        t.inferNanos += infer[0];
        t.inferCpu += infer[1];
        t.inferImages += batchSize;
      }
    }
    ExecutionPath path = FastPath.active();
    java.util.Map<String, Timed> sums = new java.util.LinkedHashMap<>();
    for (Timed t : graphs) {
      Timed sum = sums.computeIfAbsent(t.suffix, k -> new Timed(k, t.graph));
      sum.trainNanos += t.trainNanos;
      sum.trainCpu += t.trainCpu;
      sum.trainImages += t.trainImages;
      sum.inferNanos += t.inferNanos;
      sum.inferCpu += t.inferCpu;
      sum.inferImages += t.inferImages;
    }
    for (Timed t : sums.values()) {
      System.out.printf(Locale.ROOT, "RESULT impl=dl4j-%s%s net=%s params=%d trainable=%d train_ips=%.1f"
              + " infer_ips=%.1f train_cpu_ips=%.1f infer_cpu_ips=%.1f final_loss=%.4f peak_rss_mb=%.0f path=\"%s\"%n",
          path.isFast() ? "fast" : "plain", t.suffix, net, t.graph.numParams(), trainable,
          perSecond(t.trainImages, t.trainNanos), perSecond(t.inferImages, t.inferNanos),
          perSecond(t.trainImages, t.trainCpu), perSecond(t.inferImages, t.inferCpu), t.graph.score(),
          PeakMemory.residentMb(), path);
    }
  }

  private static double perSecond(long images, long nanos) {
    return images / (nanos / 1e9);
  }

  private interface Step {
    void run(DataSet batch);
  }

  /** Wall-clock and CPU nanoseconds (the whole process, all threads) of steps over sets[from, to). */
  private static long[] time(List<DataSet> sets, int from, int to, Step step) {
    long start = System.nanoTime();
    long cpuStart = CPU.getProcessCpuTime();
    for (int i = from; i < to; i++) {
      step.run(sets.get(i));
    }
    return new long[] {System.nanoTime() - start, CPU.getProcessCpuTime() - cpuStart};
  }

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
}
