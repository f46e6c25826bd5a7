package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * Training on a cluster, as a service: the runtime (and {@code cnn train --spark}) must not depend
 * on Spark, so the {@code cnn-spec-spark} module implements this interface and registers it in
 * {@code META-INF/services}. Whoever has that module on the class path gets distributed training;
 * everyone else gets {@link #load()}'s message.
 */
public interface ClusterTraining {

  /**
   * Where and how wide to train.
   *
   * @param workers data partitions trained in parallel; 0 for the master's own count
   *     ({@code local[N]}, {@code local-cluster[N,…]})
   */
  record Cluster(String master, int workers, int averagingFrequency) {
    public Cluster {
      if (master == null || master.isBlank()) {
        throw new IllegalArgumentException("the Spark master is empty; use local[N], local-cluster[N,1,MB] or spark://HOST:PORT");
      }
      if (workers < 0) {
        throw new IllegalArgumentException("workers must be at least 1, got " + workers);
      }
      if (averagingFrequency < 1) {
        throw new IllegalArgumentException("the averaging frequency must be at least 1 batch, got " + averagingFrequency);
      }
    }
  }

  /**
   * Trains as {@link Trainer#fit} does (same options, history, checkpoints and files) with the
   * batches of each epoch fitted on the cluster.
   */
  TrainingResult fit(Cluster cluster, TrainingOptions options, PrintStream log, ComputationGraphConfiguration conf,
      TrainingData train, TrainingData validation) throws IOException;

  /** The implementation on the class path, if any. */
  static Optional<ClusterTraining> find() {
    List<ClusterTraining> found = ServiceLoader.load(ClusterTraining.class).stream().map(ServiceLoader.Provider::get)
        .toList();
    return found.stream().findFirst();
  }

  /** Why {@link #find()} came back empty, and the fix. */
  String MISSING = "training on Spark needs the cnn-spec-spark module on the class path (bin/cnn builds and adds "
      + "it; in your own build depend on dev.cnnspec:cnn-spec-spark)";

  /**
   * A cluster run that ended without finishing: the master was unreachable, executors died or
   * could not read what they were sent. The message names the cause; the checkpoints of the
   * epochs completed before it stay in the output directory.
   */
  final class ClusterFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
