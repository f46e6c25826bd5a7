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
 * up first and then timed in alternation, a sixth of the batches at a time and each first in every
 * other round, so that neither gets the JIT's or the machine's better moments. Which path runs (fast
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
      timed.add(new Timed("", net.build.get()));
      if (net == BenchNetwork.LENET5) {
        ComputationGraph graph = new ComputationGraph(HandWrittenLeNet5.configuration(42));
        graph.init();
        timed.add(new Timed("-handwritten", FastPath.optimise(graph)));
      }
      run(net.id, net.trainable, timed, sets, warmup, batchSize);
    }
  }

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
   * Warms every graph up, then times them in alternation over sixths of the timed batches, in the
   * order A B, B A, A B, ...: with A always first (three rounds, as before), the generated LeNet-5
   * trained at 0.75x-0.93x of the hand-written graph over invocations whose configurations differ in
   * one flatten vertex; whichever runs first in a round runs after the other's inference, on the
   * heap and caches it left.
   */
  private static void run(String net, long trainable, List<Timed> graphs, List<DataSet> sets, int warmup,
      int batchSize) {
    for (Timed t : graphs) {
      for (int i = 0; i < warmup; i++) {
        t.graph.fit(sets.get(i));
        t.graph.output(false, sets.get(i).getFeatures());
      }
    }
    int rounds = graphs.size() > 1 ? 6 : 1;
    int timedBatches = sets.size() - warmup;
    for (int r = 0; r < rounds; r++) {
      int from = warmup + timedBatches * r / rounds;
      int to = warmup + timedBatches * (r + 1) / rounds;
      List<Timed> order = new java.util.ArrayList<>(graphs);
      if (r % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (Timed t : order) {
        long[] train = time(sets, from, to, t.graph::fit);
        t.trainNanos += train[0];
        t.trainCpu += train[1];
        t.trainImages += (long) (to - from) * batchSize;
      }
      for (Timed t : order) {
        long[] infer = time(sets, from, to, ds -> t.graph.output(false, ds.getFeatures()));
        t.inferNanos += infer[0];
        t.inferCpu += infer[1];
        t.inferImages += (long) (to - from) * batchSize;
      }
    }
    ExecutionPath path = FastPath.active();
    for (Timed t : graphs) {
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
