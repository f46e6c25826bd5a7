package dev.cnnspec.bench;

import dev.cnnspec.runtime.exec.ExecutionPath;
import dev.cnnspec.runtime.exec.FastPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The DL4J half of {@code bench/speed}: trains each generated zoo network ({@link BenchNetwork}: LeNet-5,
 * Light CNN, ResNet-20, built with {@code builder().build()}) for a fixed number of batches (Adam,
 * batch 256 by default) after a warm-up, then times inference over the same batches, and prints
 * one {@code RESULT} line per network, with the process's peak resident memory so far, for the
 * script to put next to PyTorch's. For LeNet-5 it also
 * times, in the same JVM and on the same path, {@link HandWrittenLeNet5} (impl suffix
 * {@code -handwritten}), the baseline of the generated / hand-written ratio. Which path runs (fast
 * or plain) is decided by {@link FastPath} from the JVM's system properties, so the script runs
 * this class twice: once as is, once with {@code -Dcnnspec.exec=plain}.
 *
 * <p>Arguments: {@code [--nets lenet5,lightcnn,resnet20] [--batches 60] [--warmup 5] [--batch 256]
 * [--data /usr/share/datasets/fashion-mnist]}.
 */
public final class SpeedBench {
  private SpeedBench() {}

  public static void main(String[] args) throws Exception {
    String nets = "lenet5,lightcnn";
    int batches = 60;
    int warmup = 5;
    int batchSize = 256;
    Path data = Path.of("/usr/share/datasets/fashion-mnist");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--nets" -> nets = args[i + 1];
        case "--batches" -> batches = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--batch" -> batchSize = Integer.parseInt(args[i + 1]);
        case "--data" -> data = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    FastPath.enable();
    for (String name : nets.split(",")) {
      BenchNetwork net = BenchNetwork.named(name);
      List<DataSet> sets = net.batches(data, warmup + batches, batchSize);
      run("", net.id, net.build, net.trainable, sets, warmup, batchSize);
      if (net == BenchNetwork.LENET5) {
        // Generated first, hand-written second: whatever the JVM has warmed up by then favours
        // the hand-written baseline, so the ratio errs against the generated class.
        run("-handwritten", net.id, () -> {
          ComputationGraph graph = new ComputationGraph(HandWrittenLeNet5.configuration(42));
          graph.init();
          return FastPath.optimise(graph);
        }, net.trainable, sets, warmup, batchSize);
      }
    }
  }

  private static void run(String suffix, String net, Supplier<ComputationGraph> build, long trainable,
      List<DataSet> sets, int warmup, int batchSize) {
    ComputationGraph graph = build.get();
    ExecutionPath path = FastPath.active();
    double[] train = imagesPerSecond(sets, warmup, batchSize, graph::fit);
    double[] infer = imagesPerSecond(sets, warmup, batchSize, ds -> graph.output(false, ds.getFeatures()));
    System.out.printf(Locale.ROOT, "RESULT impl=dl4j-%s%s net=%s params=%d trainable=%d train_ips=%.1f"
            + " infer_ips=%.1f train_cpu_ips=%.1f infer_cpu_ips=%.1f final_loss=%.4f peak_rss_mb=%.0f path=\"%s\"%n",
        path.isFast() ? "fast" : "plain", suffix, net, graph.numParams(), trainable, train[0], infer[0], train[1],
        infer[1], graph.score(), PeakMemory.residentMb(), path);
  }

  private interface Step {
    void run(DataSet batch);
  }

  /** Images per wall-clock second and per CPU-second of the whole process (all threads). */
  private static double[] imagesPerSecond(List<DataSet> sets, int warmup, int batchSize, Step step) {
    for (int i = 0; i < warmup; i++) {
      step.run(sets.get(i));
    }
    long start = System.nanoTime();
    long cpuStart = CPU.getProcessCpuTime();
    for (int i = warmup; i < sets.size(); i++) {
      step.run(sets.get(i));
    }
    double images = (sets.size() - warmup) * (double) batchSize;
    double cpuSeconds = (CPU.getProcessCpuTime() - cpuStart) / 1e9;
    return new double[] {images / ((System.nanoTime() - start) / 1e9), images / cpuSeconds};
  }

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
}
