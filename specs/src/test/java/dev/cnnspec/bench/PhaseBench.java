package dev.cnnspec.bench;

import dev.cnnspec.runtime.exec.FastPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The DL4J half of {@code bench/speed --phases}: trains each network with {@link PhaseTimer} in the
 * graph and prints, per phase and layer type, microseconds per image averaged over the timed
 * steps ({@code PHASE} lines) and, as phase "inference", the forward pass of {@code output} over
 * the same batches, then counts the ND4J op executions of one more step ({@code OPS}
 * line: every libnd4j op the executioner runs, oneDNN ones included; BLAS GEMMs are counted
 * apart by ND4J's profiler and are not in the figure). {@code bench/phases.py} puts them beside
 * PyTorch's profiler figures.
 *
 * <p>Arguments as {@link SpeedBench}'s; the path (fast or plain) likewise from system properties.
 */
public final class PhaseBench {
  private PhaseBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(args, "lenet5,lightcnn,resnet20", 20, 5);
    String nets = o.nets();
    int batches = o.batches();
    int warmup = o.warmup();
    int batchSize = o.batchSize();
    Path data = o.data();
    FastPath.enable();
    String impl = "dl4j-" + (FastPath.active().isFast() ? "fast" : "plain");
    for (String name : nets.split(",")) {
      BenchNetwork net = BenchNetwork.named(name);
      List<DataSet> sets = net.batches(data, warmup + batches + 1, batchSize);
      ComputationGraph graph = net.build.get();
      PhaseTimer timer = PhaseTimer.instrument(graph);
      for (int i = 0; i < warmup; i++) {
        graph.fit(sets.get(i));
      }
      long cpuStart = CPU.getProcessCpuTime();
      for (int i = warmup; i < warmup + batches; i++) {
        timer.start();
        graph.fit(sets.get(i));
        timer.end();
      }
      timer.inference(true);
      for (int i = warmup; i < warmup + batches; i++) {
        graph.output(false, sets.get(i).getFeatures());
      }
      timer.inference(false);
      double images = (double) timer.steps() * batchSize;
      // Every thread of the process (OpenMP and fork/join workers too), 10 ms resolution: whole run only.
      System.out.printf(Locale.ROOT, "PHASE impl=%s net=%s phase=step kind=\"CPU, all threads\" us_per_image=%.2f%n",
          impl, net.id, (CPU.getProcessCpuTime() - cpuStart) / 1e3 / images);
      for (Map.Entry<String, Long> e : timer.totals().entrySet()) {
        String[] phaseKind = e.getKey().split("/", 2);
        System.out.printf(Locale.ROOT, "PHASE impl=%s net=%s phase=%s kind=\"%s\" us_per_image=%.2f%n",
            impl, net.id, phaseKind[0], phaseKind[1], e.getValue() / 1e3 / images);
      }
      System.out.printf(Locale.ROOT, "OPS impl=%s net=%s native_ops_per_step=%d%n", impl, net.id,
          countOps(graph, sets.get(warmup + batches)));
    }
  }

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** ND4J op executions in one training step, by ND4J's own profiler (switched on for that step only). */
  private static long countOps(ComputationGraph graph, DataSet batch) {
    OpProfiler.getInstance().reset();
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
    try {
      graph.fit(batch);
      if (Boolean.getBoolean("phases.ops")) { // -Dphases.ops=true: which ops, how often, how long
        System.out.println(OpProfiler.getInstance().getOpCounter().asString());
        System.out.println(OpProfiler.getInstance().getClassAggergator().asPercentageString());
      }
      return OpProfiler.getInstance().getInvocationsCount();
    } finally {
      Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
    }
  }
}
