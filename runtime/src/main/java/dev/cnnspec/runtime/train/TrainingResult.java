package dev.cnnspec.runtime.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The outcome of {@link Trainer#fit}: the model (holding the best weights when there was a
 * validation set), the metrics per epoch, and where files went ({@code outDir} empty when the run
 * was in memory only).
 *
 * @param bestEpoch 1-based epoch whose weights the model holds
 */
public record TrainingResult(ComputationGraph model, List<EpochMetrics> history, int bestEpoch, double bestValLoss,
    boolean stoppedEarly, Optional<Path> outDir) {

  public TrainingResult {
    history = List.copyOf(history);
  }

  public Optional<Path> modelFile() {
    return outDir.map(d -> d.resolve(Trainer.MODEL_FILE));
  }

  public Optional<Path> metricsCsv() {
    return outDir.map(d -> d.resolve(MetricsLog.CSV));
  }

  public Optional<Path> metricsJson() {
    return outDir.map(d -> d.resolve(MetricsLog.JSON));
  }

  public Optional<Path> curvePng() {
    return outDir.map(d -> d.resolve(TrainingCurvePlot.FILE));
  }
}
