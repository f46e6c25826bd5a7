package dev.cnnspec.runtime.memory;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.report.Dl4jPath;
import dev.cnnspec.report.MemoryEstimate;
import dev.cnnspec.runtime.exec.FastPath;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Measures one network's memory in training, next to the build-time estimate and DL4J's own
 * {@code getMemoryReport}: what DL4J allocated for it (the parameter, gradient and updater-state
 * arrays, read from the trained graph, plus the largest size its workspaces reached over a few
 * training steps on random data, which is where activations, error signals and scratch live), and
 * the growth of the process's resident set ({@link Pointer#physicalBytes()}, sampled every 2 ms,
 * which also counts JIT code, class metadata, heap and native library state, so it is only an upper
 * bound). One network and batch per JVM, so that nothing earlier is resident.
 * Run through {@code bench/memory} (see bench/README.md); not a test.
 *
 * <pre>{@code java … dev.cnnspec.runtime.memory.MemoryBench resnet.cnn ResNet50 8 [steps]}</pre>
 */
public final class MemoryBench {
  private MemoryBench() {}

  /** Which part of the estimate a DL4J workspace corresponds to ({@code Dl4jWorkspaces}). */
  static String kind(String workspace) {
    return workspace.equals("WS_ALL_LAYERS_ACT") ? "kept" : workspace.startsWith("WS_LAYER_ACT_") ? "signals"
        : workspace.equals("WS_LAYER_WORKING_MEM") ? "working" : workspace;
  }

  public static void main(String[] args) throws Exception {
    String file = args[0];
    String name = args[1];
    int batch = Integer.parseInt(args[2]);
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    NetworkModel model = ZooModels.network(file, name);
    ComputationGraphConfiguration conf = Dl4jGraphFactory.configuration(model, 1, new Adam(1e-3));
    long dl4j = conf.getMemoryReport(ZooModels.inputType(model))
        .getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
    // the estimate for the path this JVM runs (-Dcnnspec.exec=plain gives DL4J's own layers)
    Dl4jPath path = FastPath.active().isFast() ? Dl4jPath.FAST : Dl4jPath.PLAIN;
    MemoryEstimate.Totals ours = MemoryEstimate.of(model, batch, 2, path).totals();

    // Everything that is not the network: natives loaded, a first op run, the batch itself.
    Shape in = model.inputs().get(0).shape();
    long[] dims = in instanceof Shape.Spatial s ? new long[] {batch, s.channels(), s.height(), s.width()}
        : new long[] {batch, in.elements()};
    INDArray x = Nd4j.rand(DataType.FLOAT, dims);
    int classes = model.outputs().get(0).shape().dims().get(0);
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, i % classes, 1f);
    }
    x.mul(2).sumNumber();
    System.gc();
    Thread.sleep(200);
    long base = Pointer.physicalBytes();
    AtomicLong peak = new AtomicLong(base);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(Pointer.physicalBytes(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    ComputationGraph graph = Dl4jGraphFactory.network(model, 1, new Adam(1e-3));
    long start = System.nanoTime();
    DataSet data = new DataSet(x, y);
    long workspaces = 0;
    Map<String, Long> byKind = new TreeMap<>();
    for (int i = 0; i < steps; i++) {
      graph.fit(data);
      long sum = 0;
      Map<String, Long> now = new TreeMap<>();
      for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
        sum += ws.getCurrentSize();
        now.merge(kind(ws.getId()), ws.getCurrentSize(), Long::sum);
        if (Boolean.getBoolean("memory.verbose")) {
          System.out.println("  step " + i + " workspace " + ws.getId() + ": " + ws.getCurrentSize() + " (most used in a"
              + " cycle " + ws.getMaxCycleAllocations() + ")");
        }
      }
      if (sum >= workspaces) {
        byKind = now;
      }
      workspaces = Math.max(workspaces, sum);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    long measured = peak.get() - base;
    // The arrays DL4J keeps outside workspaces, from DL4J's own objects.
    INDArray state = graph.getUpdater().getStateViewArray();
    long arrays = (graph.params().length() + graph.getFlattenedGradients().length()
        + (state == null ? 0 : state.length())) * MemoryEstimate.BYTES_PER_VALUE;
    // What DL4J allocated for the network: its parameter, gradient and updater arrays plus the
    // largest size its workspaces reached (activations, error signals, scratch).
    long nd4j = arrays + workspaces;
    System.out.printf(Locale.ROOT, "WORKSPACES %s batch=%d path=%s kept=%d (estimate %d) error_signals=%d (estimate %d)"
            + " working=%d (estimate %d)%n", name, batch, path.name().toLowerCase(Locale.ROOT), byKind.getOrDefault("kept", 0L), ours.keptForBackward(),
        byKind.getOrDefault("signals", 0L), ours.errorSignals(), byKind.getOrDefault("working", 0L),
        ours.workingMemory());
    System.out.printf(Locale.ROOT,
        "MEMORY %s batch=%d steps=%d estimate=%d dl4j_report=%d allocated=%d (arrays %d, workspaces %d)"
            + " rss_growth=%d estimate/allocated=%.3f dl4j/allocated=%.3f seconds=%.1f%n",
        name, batch, steps, ours.training(), dl4j, nd4j, arrays, workspaces, measured,
        (double) ours.training() / nd4j, (double) dl4j / nd4j, seconds);
  }
}
