package dev.cnnspec.runtime.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Turns the optimiser and schedule names of {@link TrainingOptions} into ND4J updaters and
 * installs them on a graph configuration. The model's spec says nothing about optimisation (it
 * is an architecture), so the trainer overrides whatever updater the configuration was built with.
 */
public final class Optimizers {
  private Optimizers() {}

  /** @param iterationsPerEpoch batches per epoch: schedules that run per iteration need the run's length */
  public static IUpdater updater(TrainingOptions options, int iterationsPerEpoch) {
    ISchedule schedule = schedule(options, iterationsPerEpoch);
    double lr = options.learningRate();
    return switch (options.optimizer()) {
      case ADAM -> schedule == null ? new Adam(lr) : new Adam(schedule);
      case SGD -> options.momentum() > 0 ? new SgdMomentum(lr, schedule, options.momentum())
          : schedule == null ? new Sgd(lr) : new Sgd(schedule);
      case NESTEROV -> schedule == null ? new Nesterovs(lr, momentumOrDefault(options))
          : new Nesterovs(schedule, momentumOrDefault(options));
      case RMSPROP -> schedule == null ? new RmsProp(lr) : new RmsProp(schedule);
    };
  }

  /** Arrays of the parameters' size the updater keeps (Adam: two moments; momentum or RMSProp: one). */
  public static int stateArrays(TrainingOptions options) {
    return switch (options.optimizer()) {
      case ADAM -> 2;
      case SGD -> options.momentum() > 0 ? 1 : 0;
      case NESTEROV, RMSPROP -> 1;
    };
  }

  private static double momentumOrDefault(TrainingOptions options) {
    return options.momentum() > 0 ? options.momentum() : 0.9;
  }

  /** {@code null} for a constant rate (DL4J then uses the plain learning-rate field). */
  static ISchedule schedule(TrainingOptions options, int iterationsPerEpoch) {
    double lr = options.learningRate();
    int total = Math.max(1, options.epochs() * Math.max(1, iterationsPerEpoch));
    return switch (options.schedule()) {
      case CONSTANT -> null;
      case STEP -> new StepSchedule(ScheduleType.EPOCH, lr, 0.1, Math.max(1, options.epochs() / 3));
      case COSINE -> new CosineSchedule(lr, 0, total);
      // CycleSchedule(type, initial, max, cycleLength, annealingLength, annealingDecay): 10 % of the
      // run spent annealing below the start rate, starting from a tenth of the peak, as fastai does.
      case ONE_CYCLE -> new CycleSchedule(ScheduleType.ITERATION, lr / 10, lr, total, Math.max(1, total / 10), 0.1);
    };
  }

  /** Installs a copy of {@code updater} on every trainable layer of the configuration (weights and biases). */
  public static void install(ComputationGraphConfiguration conf, IUpdater updater) {
    for (GraphVertex vertex : conf.getVertices().values()) {
      if (vertex instanceof LayerVertex lv) {
        Layer layer = lv.getLayerConf().getLayer();
        if (layer instanceof BaseLayer base) {
          base.setIUpdater(updater.clone());
          base.setBiasUpdater(null);
        }
      }
    }
  }

  /** The learning rate the graph's first trainable layer uses at this point of the run. */
  public static double currentRate(ComputationGraphConfiguration conf) {
    for (GraphVertex vertex : conf.getVertices().values()) {
      if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer base
          && base.getIUpdater() != null && base.getIUpdater().hasLearningRate()) {
        return base.getIUpdater().getLearningRate(conf.getIterationCount(), conf.getEpochCount());
      }
    }
    return Double.NaN;
  }
}
