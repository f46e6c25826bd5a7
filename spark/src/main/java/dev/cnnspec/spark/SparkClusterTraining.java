package dev.cnnspec.spark;

import com.google.auto.service.AutoService;
import dev.cnnspec.runtime.train.ClusterTraining;
import dev.cnnspec.runtime.train.TrainingData;
import dev.cnnspec.runtime.train.TrainingOptions;
import dev.cnnspec.runtime.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** {@code cnn train --spark}: the runtime finds this through {@link java.util.ServiceLoader}. */
@AutoService(ClusterTraining.class)
public final class SparkClusterTraining implements ClusterTraining {

  @Override
  public TrainingResult fit(Cluster cluster, TrainingOptions options, PrintStream log,
      ComputationGraphConfiguration conf, TrainingData train, TrainingData validation) throws IOException {
    SparkSettings settings = SparkSettings.of(cluster.master()).withAveragingFrequency(cluster.averagingFrequency());
    if (cluster.workers() > 0) {
      settings = settings.withWorkers(cluster.workers());
    }
    return new SparkTrainer(settings, options, log).fit(conf, train, validation);
  }
}
