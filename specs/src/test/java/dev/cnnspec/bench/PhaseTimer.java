package dev.cnnspec.bench;

import dev.cnnspec.runtime.exec.AddVertex;
import dev.cnnspec.runtime.layers.MaxFeatureMapLayer;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.layers.DropoutLayer;
import org.deeplearning4j.nn.layers.LossLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.pooling.GlobalPoolingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Times one training step of a {@link ComputationGraph} phase by phase, inside DL4J's own {@code
 * fit}: every layer vertex and element-wise vertex is replaced by a subclass that adds the time of
 * its {@code doForward} / {@code doBackward} (and the output layer's {@code computeScore}) to its
 * layer type's account, and a listener marks the end of the backward pass, so the update (the
 * updater over all parameters, listeners) is the rest of the step. What no vertex accounts for
 * (input and preprocessor vertices, workspace and Java bookkeeping between vertices) is "other".
 *
 * <p>A measuring instrument for {@code bench/speed --phases}, never for training: the swap uses the
 * graph's protected vertex table (reflection), and the new vertices keep each old vertex's layer,
 * pre-processor and connections, so the step computes what it computed before.
 */
final class PhaseTimer {
  /**
   * {@code -Dphases.clock=cpu}: the training thread's CPU time instead of wall time, which a busy
   * machine disturbs far less; on one thread ({@code OMP_NUM_THREADS=1}) libnd4j, oneDNN and
   * OpenBLAS compute on the calling thread, so it is the step's work without the waiting.
   */
  private static final boolean THREAD_CPU = "cpu".equals(System.getProperty("phases.clock"));
  /** {@code -Dphases.layers=true}: a row per vertex ("conv stage_2/conv_1") instead of per layer type. */
  private static final boolean PER_VERTEX = Boolean.getBoolean("phases.layers");
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** Nanoseconds per "phase/kind", summed over the timed steps. */
  private final Map<String, Long> nanos = new TreeMap<>();
  private boolean on;
  private boolean inference;
  private long stepStart;
  private long backwardDone;
  private int steps;

  private PhaseTimer() {}

  static PhaseTimer instrument(ComputationGraph graph) {
    PhaseTimer timer = new PhaseTimer();
    GraphVertex[] vertices = graph.getVertices();
    Map<String, GraphVertex> byName = field(graph, "verticesMap");
    for (int i = 0; i < vertices.length; i++) {
      GraphVertex v = vertices[i];
      GraphVertex timed = null;
      if (v.getClass() == LayerVertex.class) {
        timed = new Timed(timer, (LayerVertex) v);
      } else if (v.getClass() == ElementWiseVertex.class) {
        timed = new TimedElementWise(timer, (ElementWiseVertex) v, field(v, "op"));
      } else if (v.getClass() == AddVertex.class) {
        timed = new TimedAdd(timer, (AddVertex) v);
      }
      if (timed != null) {
        vertices[i] = timed;
        byName.put(v.getVertexName(), timed);
      }
    }
    graph.addListeners(new BaseTrainingListener() {
      @Override
      public void onBackwardPass(Model model) {
        timer.backwardDone = now();
      }
    });
    return timer;
  }

  static long now() {
    return THREAD_CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** Starts a timed training step; steps run between {@link #start} and {@link #end} only count. */
  void start() {
    on = true;
    stepStart = now();
  }

  void end() {
    long now = now();
    on = false;
    steps++;
    add("step", "total", now - stepStart);
    add("step", "forward + backward", backwardDone - stepStart);
    add("update", "updater, listeners", now - backwardDone);
  }

  /** Times {@code graph.output} calls: their vertices' forward passes count as phase "inference". */
  void inference(boolean on) {
    this.on = on;
    this.inference = on;
  }

  int steps() {
    return steps;
  }

  /** "phase/kind" → nanoseconds summed over the steps; "other" is step time no vertex accounts for. */
  Map<String, Long> totals() {
    Map<String, Long> out = new TreeMap<>(nanos);
    long forward = sum("forward/");
    long backward = sum("backward/");
    out.put("forward/(phase total)", forward);
    out.put("backward/(phase total)", backward);
    if (nanos.keySet().stream().anyMatch(k -> k.startsWith("inference/"))) {
      out.put("inference/(phase total)", sum("inference/"));
    }
    out.put("other/between vertices", nanos.getOrDefault("step/forward + backward", 0L) - forward - backward);
    return out;
  }

  private long sum(String phase) {
    return nanos.entrySet().stream().filter(e -> e.getKey().startsWith(phase)).mapToLong(Map.Entry::getValue).sum();
  }

  private void add(String phase, String kind, long ns) {
    if (inference) {
      phase = "inference";
    }
    if (on || phase.equals("step") || phase.equals("update")) {
      nanos.merge(phase + "/" + kind, ns, Long::sum);
    }
  }

  /** Runs one vertex's pass, adding its time to "phase/kind". */
  private <T> T time(String phase, String kind, java.util.function.Supplier<T> pass) {
    long t = now();
    T out = pass.get();
    add(phase, kind, now() - t);
    return out;
  }

  private static String named(String kind, GraphVertex v) {
    return PER_VERTEX ? kind + " " + v.getVertexName() : kind;
  }

  static String kind(Layer layer) {
    if (layer instanceof ConvolutionLayer) {
      return "conv";
    }
    if (layer instanceof SubsamplingLayer || layer instanceof GlobalPoolingLayer) {
      return "pooling";
    }
    if (layer instanceof BatchNormalization) {
      return "batch norm";
    }
    if (layer instanceof MaxFeatureMapLayer) {
      return "MFM";
    }
    if (layer instanceof BaseOutputLayer || layer instanceof LossLayer) {
      return "output dense + loss";
    }
    if (layer instanceof DenseLayer) {
      return "dense";
    }
    if (layer instanceof ActivationLayer) {
      return "activation";
    }
    if (layer instanceof DropoutLayer) {
      return "dropout";
    }
    return layer.getClass().getSimpleName();
  }

  private static <T> T field(Object owner, String name) {
    return dev.cnnspec.runtime.dl4j.Dl4jInternals.field(owner, name);
  }

  /** A layer vertex that times itself; same layer, pre-processor and connections as the original. */
  private static final class Timed extends LayerVertex {
    private final PhaseTimer timer;
    private final String kind;

    Timed(PhaseTimer timer, LayerVertex v) {
      super(v.getGraph(), v.getVertexName(), v.getVertexIndex(), v.getInputVertices(), v.getOutputVertices(),
          v.getLayer(), v.getLayerPreProcessor(), v.isOutputVertex(), v.getDataType());
      this.timer = timer;
      this.kind = named(kind(v.getLayer()), v);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("forward", kind, () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("backward", kind, () -> super.doBackward(tbptt, workspaceMgr));
    }

    @Override
    public double computeScore(double r, boolean training, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("forward", "loss (score)", () -> super.computeScore(r, training, workspaceMgr));
    }
  }

  /** The fast path's add ({@code GraphTuning}); a copy shares its ReLU fusion with the original. */
  private static final class TimedAdd extends AddVertex {
    private final PhaseTimer timer;

    private final String kind;

    TimedAdd(PhaseTimer timer, AddVertex v) {
      super(v);
      this.timer = timer;
      this.kind = named("add", v);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("forward", kind, () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("backward", kind, () -> super.doBackward(tbptt, workspaceMgr));
    }
  }

  private static final class TimedElementWise extends ElementWiseVertex {
    private final PhaseTimer timer;

    TimedElementWise(PhaseTimer timer, ElementWiseVertex v, ElementWiseVertex.Op op) {
      super(v.getGraph(), v.getVertexName(), v.getVertexIndex(), v.getInputVertices(), v.getOutputVertices(), op,
          v.getDataType());
      this.timer = timer;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("forward", "add", () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return timer.time("backward", "add", () -> super.doBackward(tbptt, workspaceMgr));
    }
  }
}
