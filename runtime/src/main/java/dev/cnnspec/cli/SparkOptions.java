package dev.cnnspec.cli;

import dev.cnnspec.runtime.train.ClusterTraining;
import dev.cnnspec.runtime.train.ImageSetData;
import dev.cnnspec.runtime.train.TrainingOptions;
import dev.cnnspec.runtime.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * {@code cnn train --spark MASTER [--workers N] [--averaging-frequency K]}: hands training to the
 * {@link ClusterTraining} service of the {@code cnn-spec-spark} module (README, "Training on a
 * cluster"). The runtime never depends on Spark, so this only finds the service and calls it.
 */
final class SparkOptions {
  @Option(names = "--spark", required = true, paramLabel = "MASTER",
      description = "train on Spark: local[N], local-cluster[N,1,MB] or spark://HOST:PORT (parameter averaging)")
  String master;

  @Option(names = "--workers", paramLabel = "N",
      description = "data partitions trained in parallel (default: the N of local[N] or local-cluster[N,..], else 2)")
  Integer workers;

  @Option(names = "--averaging-frequency", defaultValue = "5", paramLabel = "K",
      description = "batches each worker fits between parameter averagings (default ${DEFAULT-VALUE})")
  int averagingFrequency;

  /** Called before any data is loaded: without the module there is no point loading it. */
  ClusterTraining service() {
    return ClusterTraining.find().orElseThrow(() -> new UserError("--spark: " + ClusterTraining.MISSING));
  }

  TrainingResult fit(ClusterTraining service, TrainingOptions options, PrintStream log, ModelSource.Resolved resolved,
      ImageSetData train, ImageSetData validation) throws IOException {
    if (workers != null && workers < 1) {
      throw new UserError("--workers " + workers + ": give at least 1");
    }
    try {
      return service.fit(new ClusterTraining.Cluster(master, workers == null ? 0 : workers, averagingFrequency), options,
          log, resolved.configuration(), train, validation);
    } catch (IllegalArgumentException e) {
      throw new UserError("--spark " + master + ": " + e.getMessage());
    }
  }
}
