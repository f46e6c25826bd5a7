package dev.cnnspec.spark;

import dev.cnnspec.runtime.train.ClusterTraining.ClusterFailure;
import dev.cnnspec.runtime.train.Trainer;
import dev.cnnspec.runtime.train.TrainingData;
import dev.cnnspec.runtime.train.TrainingDivergedException;
import dev.cnnspec.runtime.train.TrainingOptions;
import dev.cnnspec.runtime.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The Java API for training on Spark, beside {@link Trainer}: the same options, data sources,
 * history, checkpoints and output files, with each epoch fitted on the cluster by parameter
 * averaging.
 *
 * <pre>{@code
 * TrainingResult r = new SparkTrainer(SparkSettings.of("local[2]"), options, System.err)
 *     .fit(LeNet5.builder().configuration(), train, validation);
 * }</pre>
 *
 * <p>The driver (this JVM) loads the data, validates, and writes every file; executors only fit
 * batches. A failure on the cluster ends as a {@link ClusterFailure} naming the cause; the
 * checkpoints of the epochs completed before it stay in the output directory.
 */
public final class SparkTrainer {
  private final SparkSettings settings;
  private final TrainingOptions options;
  private final PrintStream log;

  public SparkTrainer(SparkSettings settings, TrainingOptions options, PrintStream log) {
    this.settings = settings;
    this.options = options;
    this.log = log;
  }

  public TrainingResult fit(ComputationGraphConfiguration conf, TrainingData train, TrainingData validation)
      throws IOException {
    log.printf("starting Spark (%s, %d worker%s, averaging every %d batch%s)%n", settings.master(), settings.workers(),
        settings.workers() == 1 ? "" : "s", settings.averagingFrequency(), settings.averagingFrequency() == 1 ? "" : "es");
    try (SparkSessionHandle session = SparkSessionHandle.open(settings)) {
      SparkEpochs epochs = new SparkEpochs(session.context(), settings, train.batchSize());
      try {
        return new Trainer(options, log, epochs).fit(conf, train, validation);
      } catch (ClusterFailure | TrainingDivergedException | IllegalArgumentException | IOException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ClusterFailure("training on " + settings.master() + " failed: " + SparkFailures.describe(e)
            + lastCheckpoint(), e);
      }
    }
  }

  /** Where the last completed epoch's model is, for the failure message. */
  private String lastCheckpoint() {
    if (options.outDir() == null) {
      return "";
    }
    Path dir = options.outDir().resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return "; no epoch completed";
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("epoch-\\d+\\.zip")).max(Comparator.naturalOrder())
          .map(f -> "; the last completed epoch's model is " + f + " (continue with --resume)")
          .orElse("; no epoch completed");
    } catch (IOException e) {
      return "";
    }
  }
}
