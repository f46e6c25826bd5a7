package dev.cnnspec.runtime.train;

import java.util.Iterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where one epoch's training batches meet the model. {@link Trainer} owns everything around an
 * epoch (seeds, validation, early stopping, checkpoints, metrics, the saved model); a runner only
 * fits the batches: in this JVM ({@link #IN_PROCESS}, the default) or on a cluster (the
 * {@code cnn-spec-spark} module's runner averages parameters across Spark executors). Keeping the
 * split here is what gives distributed runs the same history, files and evaluation as local ones.
 */
public interface EpochRunner {

  /** Trains this JVM's model batch by batch. */
  EpochRunner IN_PROCESS = new InProcessEpochs();

  /**
   * Once, on the new or resumed model, before its first epoch; may return a replacement (the
   * in-process runner swaps in this machine's fast layers).
   */
  ComputationGraph prepare(ComputationGraph graph);

  /**
   * Fits one epoch of batches; on return {@code graph} holds the weights after the epoch.
   *
   * @param epoch 0-based
   */
  EpochLoss train(ComputationGraph graph, int epoch, Iterator<MultiDataSet> batches, TrainingOptions options,
      BatchListener listener);

  /** The examples an epoch trained on and their mean training loss. */
  record EpochLoss(long examples, double meanLoss) {}

  /** Progress within an epoch; a runner that only sees whole epochs calls it once, at the end. */
  @FunctionalInterface
  interface BatchListener {
    void batch(int batch, double meanLoss, long examplesSoFar);
  }
}
