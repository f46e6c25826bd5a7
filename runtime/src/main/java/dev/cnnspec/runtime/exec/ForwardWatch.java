package dev.cnnspec.runtime.exec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;

/**
 * Whether a listener of the graph reads a training step's activations: DL4J hands every listener's
 * {@code onForwardPass} the step's activations, and those are where the fast path's fusions show (a
 * batch norm or an add whose ReLU is fused reports the rectified array; a convolution on a {@link
 * BlockedEdge} reports oneDNN's blocked layout). While such a listener is there, those steps run
 * unfused and in NCHW, so that it sees DL4J's activations. A listener that inherits both {@code
 * onForwardPass} methods from {@link BaseTrainingListener} (DL4J's score, performance, checkpoint and
 * evaluation listeners, a timer) does not read them.
 */
final class ForwardWatch {
  /** For helpers made outside a graph (tests): nobody watches. */
  static final ForwardWatch NONE = new ForwardWatch(null);

  private static final ClassValue<Boolean> READS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("onForwardPass", Model.class, Map.class).getDeclaringClass() != BaseTrainingListener.class
            || type.getMethod("onForwardPass", Model.class, List.class).getDeclaringClass() != BaseTrainingListener.class;
      } catch (NoSuchMethodException e) {
        return true;
      }
    }
  };

  private final ComputationGraph graph;

  ForwardWatch(ComputationGraph graph) {
    this.graph = graph;
  }

  /**
   * Whether nobody outside the graph sees the activations {@code mgr} allocates: they live in one of
   * the graph's own workspaces (a training step's, {@code fit}; the inner layers' of {@code output} —
   * what {@code feedForward} and {@code output} hand the user is scoped out of workspaces, and a graph
   * without workspaces scopes out everything), and no listener reads the step's activations. Where
   * this holds, the fast path may fuse a ReLU into the layer before it and keep activations blocked.
   */
  boolean unseen(LayerWorkspaceMgr mgr) {
    return mgr != null && !mgr.isScopedOut(ArrayType.ACTIVATIONS) && mgr.getWorkspaceName(ArrayType.ACTIVATIONS) != null
        && !watched();
  }

  /** Whether a listener now on the graph reads a training step's activations. */
  boolean watched() {
    Collection<TrainingListener> listeners = graph == null ? null : graph.getListeners();
    if (listeners != null) {
      for (TrainingListener listener : listeners) {
        if (listener != null && READS.get(listener.getClass())) {
          return true;
        }
      }
    }
    return false;
  }
}
