package dev.cnnspec.runtime.memory;

import dev.cnnspec.runtime.dl4j.Dl4jInternals;
import dev.cnnspec.runtime.exec.AddVertex;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What each vertex of a {@link ComputationGraph} allocates in each kind of DL4J workspace during
 * a training step, measured inside DL4J's own {@code fit}: every layer vertex and element-wise
 * vertex is replaced by a subclass that reads the workspaces' allocations of the current cycle
 * ({@link MemoryWorkspace#getThisCycleAllocations}, which counts spilled allocations too) before
 * and after its {@code doForward} / {@code doBackward}. DL4J opens the working-memory workspace
 * around each of those calls and the error-signal workspace before the backward one, so the
 * difference is exactly that vertex's arrays, aligned as ND4J aligns them.
 *
 * <p>This is what lets {@code Dl4jWorkspacesTest} name the layer whose figure is off instead of
 * a total. A measuring instrument for tests, as {@code PhaseTimer} is for the speed bench: the
 * new vertices keep each old vertex's layer, pre-processor and connections.
 */
final class WorkspaceMeter {
  /**
   * One vertex's largest use over the measured steps, bytes: kept for backward (forward pass),
   * error signals (backward pass), and working memory in its forward and its backward cycle.
   */
  record Use(long kept, long signals, long forwardWorking, long backwardWorking) {
    long working() {
      return Math.max(forwardWorking, backwardWorking);
    }

    Use max(Use o) {
      return new Use(Math.max(kept, o.kept), Math.max(signals, o.signals), Math.max(forwardWorking, o.forwardWorking),
          Math.max(backwardWorking, o.backwardWorking));
    }
  }

  private final Map<String, Use> uses = new TreeMap<>();

  private WorkspaceMeter() {}

  static WorkspaceMeter instrument(ComputationGraph graph) {
    WorkspaceMeter meter = new WorkspaceMeter();
    GraphVertex[] vertices = graph.getVertices();
    Map<String, GraphVertex> byName = field(graph, "verticesMap");
    for (int i = 0; i < vertices.length; i++) {
      GraphVertex v = vertices[i];
      GraphVertex metered = null;
      if (v.getClass() == LayerVertex.class) {
        metered = new MeteredLayer(meter, (LayerVertex) v);
      } else if (v.getClass() == ElementWiseVertex.class) {
        metered = new MeteredElementWise(meter, (ElementWiseVertex) v, field(v, "op"));
      } else if (v.getClass() == AddVertex.class) {
        metered = new MeteredAdd(meter, (AddVertex) v);
      } else if (v.getClass() == PreprocessorVertex.class) {
        metered = new MeteredPreprocessor(meter, (PreprocessorVertex) v);
      }
      if (metered != null) {
        vertices[i] = metered;
        byName.put(v.getVertexName(), metered);
      }
    }
    return meter;
  }

  /** Vertex name → its largest use; vertices of other classes (inputs, pre-processors) are absent. */
  Map<String, Use> uses() {
    return uses;
  }

  private static Map<String, Long> allocationsByKind() {
    Map<String, Long> now = new HashMap<>();
    for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
      now.merge(MemoryBench.kind(ws.getId()), ws.getThisCycleAllocations(), Long::sum);
    }
    return now;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String kind) {
    return after.getOrDefault(kind, 0L) - before.getOrDefault(kind, 0L);
  }

  private void forward(String vertex, Map<String, Long> before) {
    Map<String, Long> after = allocationsByKind();
    record(vertex, new Use(delta(before, after, "kept"), 0, delta(before, after, "working"), 0));
  }

  private void backward(String vertex, Map<String, Long> before) {
    Map<String, Long> after = allocationsByKind();
    record(vertex, new Use(0, delta(before, after, "signals"), 0, delta(before, after, "working")));
  }

  private void record(String vertex, Use use) {
    uses.merge(vertex, use, Use::max);
  }

  private static <T> T field(Object owner, String name) {
    return Dl4jInternals.field(owner, name);
  }

  /** Runs a vertex's forward pass, recording what it allocated when training. */
  INDArray forward(String vertex, boolean training, java.util.function.Supplier<INDArray> pass) {
    Map<String, Long> before = allocationsByKind();
    INDArray out = pass.get();
    if (training) {
      forward(vertex, before);
    }
    return out;
  }

  /** Runs a vertex's backward pass, recording what it allocated. */
  Pair<Gradient, INDArray[]> backward(String vertex, java.util.function.Supplier<Pair<Gradient, INDArray[]>> pass) {
    Map<String, Long> before = allocationsByKind();
    Pair<Gradient, INDArray[]> out = pass.get();
    backward(vertex, before);
    return out;
  }

  private static final class MeteredLayer extends LayerVertex {
    private final WorkspaceMeter meter;

    MeteredLayer(WorkspaceMeter meter, LayerVertex v) {
      super(v.getGraph(), v.getVertexName(), v.getVertexIndex(), v.getInputVertices(), v.getOutputVertices(),
          v.getLayer(), v.getLayerPreProcessor(), v.isOutputVertex(), v.getDataType());
      this.meter = meter;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return meter.forward(getVertexName(), training, () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return meter.backward(getVertexName(), () -> super.doBackward(tbptt, workspaceMgr));
    }

    /** An output layer computes its activation here in training, not in {@code doForward}. */
    @Override
    public double computeScore(double r, boolean training, LayerWorkspaceMgr workspaceMgr) {
      Map<String, Long> before = allocationsByKind();
      double out = super.computeScore(r, training, workspaceMgr);
      meter.forward(getVertexName(), before);
      return out;
    }
  }

  private static final class MeteredElementWise extends ElementWiseVertex {
    private final WorkspaceMeter meter;

    MeteredElementWise(WorkspaceMeter meter, ElementWiseVertex v, ElementWiseVertex.Op op) {
      super(v.getGraph(), v.getVertexName(), v.getVertexIndex(), v.getInputVertices(), v.getOutputVertices(), op,
          v.getDataType());
      this.meter = meter;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return meter.forward(getVertexName(), training, () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return meter.backward(getVertexName(), () -> super.doBackward(tbptt, workspaceMgr));
    }
  }

  /** The fast path's add; the copy shares its ReLU fusion with the original. */
  private static final class MeteredAdd extends AddVertex {
    private final WorkspaceMeter meter;

    MeteredAdd(WorkspaceMeter meter, AddVertex v) {
      super(v);
      this.meter = meter;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return meter.forward(getVertexName(), training, () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return meter.backward(getVertexName(), () -> super.doBackward(tbptt, workspaceMgr));
    }
  }

  private static final class MeteredPreprocessor extends PreprocessorVertex {
    private final WorkspaceMeter meter;

    MeteredPreprocessor(WorkspaceMeter meter, PreprocessorVertex v) {
      super(v.getGraph(), v.getVertexName(), v.getVertexIndex(), v.getInputVertices(), v.getOutputVertices(),
          v.getPreProcessor(), v.getDataType());
      this.meter = meter;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      return meter.forward(getVertexName(), training, () -> super.doForward(training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      return meter.backward(getVertexName(), () -> super.doBackward(tbptt, workspaceMgr));
    }
  }
}
