package dev.cnnspec.runtime.train;

import dev.cnnspec.runtime.exec.FastPath;
import java.util.Iterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** {@link EpochRunner#IN_PROCESS}: {@code graph.fit} per batch, stopping at the first non-finite loss. */
final class InProcessEpochs implements EpochRunner {

  @Override
  public ComputationGraph prepare(ComputationGraph graph) {
    // After init or restore and before the first fit, so the updater only ever sees the tuned layers.
    return FastPath.optimise(graph);
  }

  @Override
  public EpochLoss train(ComputationGraph graph, int epoch, Iterator<MultiDataSet> batches, TrainingOptions options,
      BatchListener listener) {
    double lossSum = 0;
    long seen = 0;
    int batch = 0;
    while (batches.hasNext()) {
      MultiDataSet mds = batches.next();
      graph.fit(mds);
      long n = mds.getFeatures(0).size(0);
      double loss = graph.score();
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(epoch + 1, batch + 1, loss, options.learningRate());
      }
      lossSum += loss * n;
      seen += n;
      batch++;
      listener.batch(batch, lossSum / seen, seen);
      options.batchHook().afterBatch(epoch, batch);
      FaultPoints.reached(FaultPoints.afterBatch(epoch, batch));
    }
    return new EpochLoss(seen, lossSum / Math.max(1, seen));
  }
}
