package dev.cnnspec.runtime.exec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;

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
