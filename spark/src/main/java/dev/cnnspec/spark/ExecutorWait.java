package dev.cnnspec.spark;

import dev.cnnspec.runtime.train.ClusterTraining.ClusterFailure;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Waits for executors to register before any job is submitted. Without this, a master that
 * cannot be reached (or workers that cannot launch executors) leaves Spark's scheduler waiting
 * for resources with no end and no message; with it, the run fails within the settings'
 * registration timeout and says what to check.
 */
final class ExecutorWait {
  private ExecutorWait() {}

  static void until(JavaSparkContext context, SparkSettings settings) {
    if (settings.inProcess()) {
      return;
    }
    long deadline = System.nanoTime() + settings.registrationTimeout().toNanos();
    int want = settings.expectedExecutors();
    while (true) {
      if (context.sc().isStopped()) {
        throw new ClusterFailure("Spark stopped before any executor registered with " + settings.master()
            + ": the master is unreachable or refused the application; check the address and that the master runs", null);
      }
      // The driver counts itself among the executors.
      int registered = context.sc().getExecutorMemoryStatus().size() - 1;
      if (registered >= want) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterFailure(String.format("%d of %d executor%s registered with %s within %d s: %s", registered, want,
            want == 1 ? "" : "s", settings.master(), settings.registrationTimeout().toSeconds(), registered == 0
                ? "is the master reachable from this machine, and does it have free workers?"
                : "the cluster has fewer free cores or less memory than asked for"), null);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterFailure("interrupted while waiting for Spark executors", e);
      }
    }
  }
}
