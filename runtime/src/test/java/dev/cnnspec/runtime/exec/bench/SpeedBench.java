package dev.cnnspec.runtime.exec.bench;

import dev.cnnspec.runtime.exec.ExecutionPath;
import dev.cnnspec.runtime.exec.FastPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The DL4J half of {@code bench/speed}: trains each network for a fixed number of batches (Adam,
 * batch 256 by default) after a warm-up, then times inference over the same batches, and prints
 * one {@code RESULT} line per network for the script to put next to PyTorch's. Which path runs
 * (fast or plain) is decided by {@link FastPath} from the JVM's system properties, so the script
 * runs this class twice: once as is, once with {@code -Dcnnspec.exec=plain}.
 *
 * <p>Arguments: {@code [--nets lenet5,lightcnn] [--batches 60] [--warmup 5] [--batch 256]
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
    for (String net : nets.split(",")) {
      boolean lenet = net.equals("lenet5");
      if (!lenet && !net.equals("lightcnn")) {
        throw new IllegalArgumentException("unknown network " + net + " (lenet5, lightcnn)");
      }
      ComputationGraphConfiguration conf = lenet ? BenchNetworks.lenet5(42) : BenchNetworks.lightCnn(42);
      List<DataSet> sets = FashionMnist.batches(data, warmup + batches, batchSize, lenet ? 2 : 0);
      ComputationGraph graph = new ComputationGraph(conf);
      graph.init();
      FastPath.optimise(graph);
      ExecutionPath path = FastPath.active();
      double[] train = imagesPerSecond(sets, warmup, batchSize, graph::fit);
      double[] infer = imagesPerSecond(sets, warmup, batchSize, ds -> graph.output(false, ds.getFeatures()));
      System.out.printf(Locale.ROOT, "RESULT impl=dl4j-%s net=%s params=%d train_ips=%.1f infer_ips=%.1f"
              + " train_cpu_ips=%.1f infer_cpu_ips=%.1f final_loss=%.4f path=\"%s\"%n",
          path.isFast() ? "fast" : "plain", net, graph.numParams(), train[0], infer[0], train[1], infer[1],
          graph.score(), path);
    }
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
