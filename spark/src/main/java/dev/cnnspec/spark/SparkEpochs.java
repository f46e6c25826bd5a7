package dev.cnnspec.spark;

import dev.cnnspec.runtime.train.EpochRunner;
import dev.cnnspec.runtime.train.TrainingDivergedException;
import dev.cnnspec.runtime.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * An {@link EpochRunner} that fits each epoch on Spark with DL4J's
 * {@link ParameterAveragingTrainingMaster}: every worker fits {@code averagingFrequency}
 * mini-batches from the model it was sent, then the driver averages parameters and updater state
 * and starts the next round. The trainer's model object is the one {@link SparkComputationGraph}
 * updates, so validation, checkpoints and the saved model after each epoch need nothing else.
 *
 * <p>The epoch's batches (already shuffled and augmented from the epoch's seed, as in local
 * training) are sent from the driver ({@link RDDTrainingApproach#Direct}), one RDD element per
 * mini-batch of the batch size: no shared file system is needed for data, and no element has to
 * be split or merged on the executors — merging is where DL4J 1.0.0-M2.1 fails on some sizes.
 */
final class SparkEpochs implements EpochRunner {
  private final JavaSparkContext context;
  private final SparkSettings settings;
  private final int batchSize;
  private SparkComputationGraph spark;

  SparkEpochs(JavaSparkContext context, SparkSettings settings, int batchSize) {
    this.context = context;
    this.settings = settings;
    this.batchSize = batchSize;
  }

  @Override
  public ComputationGraph prepare(ComputationGraph graph) {
    // No FastPath tuning: the executors train, and they must get DL4J's own layers.
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(settings.workers(), batchSize)
        .batchSizePerWorker(batchSize)
        .averagingFrequency(settings.averagingFrequency())
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        // parallelize() already made one partition per worker; a shuffle would only copy the batches
        .repartionData(Repartition.Never)
        .build();
    spark = new SparkComputationGraph(context, graph, master);
    return graph;
  }

  @Override
  public EpochLoss train(ComputationGraph graph, int epoch, Iterator<MultiDataSet> batches, TrainingOptions options,
      BatchListener listener) {
    List<MultiDataSet> list = new ArrayList<>();
    long examples = 0;
    while (batches.hasNext()) {
      MultiDataSet b = batches.next();
      examples += b.getFeatures(0).size(0);
      list.add(b);
    }
    JavaRDD<MultiDataSet> rdd = context.parallelize(list, Math.min(settings.workers(), Math.max(1, list.size())));
    spark.fitMultiDataSet(rdd);
    // The mean score of the workers in the epoch's last averaging round.
    double loss = spark.getScore();
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException(epoch + 1, list.size(), loss, options.learningRate());
    }
    listener.batch(list.size(), loss, examples);
    return new EpochLoss(examples, loss);
  }
}
