package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.cnnspec.runtime.dl4j.MemoryBudget;
import dev.cnnspec.runtime.exec.FastPath;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras-style {@code fit} over a DL4J {@link ComputationGraph}. One epoch: reseed (shuffle and
 * ND4J) from {@code (seed, epoch)}, train on every batch, score the validation set, log metrics,
 * track the best validation loss for early stopping, checkpoint atomically. The trainer owns the
 * model's creation (from a configuration) so that initial weights, too, follow from the seed, and
 * so that {@code resume} can substitute the checkpointed model.
 *
 * <p>A resumed run reaches the weights of an uninterrupted one bit for bit: every epoch's randomness
 * comes from {@code (seed, epoch)}, the checkpoint holds the updater's state, and the checkpoint's
 * {@link RunFingerprint} (network, options, ND4J thread count, execution path) must match the
 * run being resumed ({@link ResumeCheck}). The output directory is checked before the first epoch
 * ({@link OutputDirectory}).
 */
public final class Trainer {
  public static final String MODEL_FILE = "model.zip";

  private final TrainingOptions options;
  private final PrintStream out;
  private final EpochRunner runner;
  private Path initialWeights;

  public Trainer(TrainingOptions options, PrintStream out) {
    this(options, out, EpochRunner.IN_PROCESS);
  }

  /** @param runner fits each epoch's batches: here, or on a cluster */
  public Trainer(TrainingOptions options, PrintStream out, EpochRunner runner) {
    this.options = options;
    this.out = out;
    this.runner = runner;
  }

  /**
   * Starts a fresh run from the weights in {@code modelZip} (see {@link InitialWeights}) instead of
   * the seed's initialisation; a resumed run continues from its checkpoint as before.
   */
  public Trainer startingFrom(Path modelZip) {
    this.initialWeights = modelZip;
    return this;
  }

  public Trainer(TrainingOptions options) {
    this(options, System.err);
  }

  /**
   * @param conf the architecture; its updater and seed are replaced by the options'
   * @param validation may be {@code null}: then there is no early stopping and the last weights win
   */
  public TrainingResult fit(ComputationGraphConfiguration conf, TrainingData train, TrainingData validation)
      throws IOException {
    int outputs = conf.getNetworkOutputs().size();
    Optional<Checkpointer> checkpointer = Optional.ofNullable(options.outDir()).map(Checkpointer::new);
    if (options.outDir() != null) {
      OutputDirectory.checkWritable(options.outDir());
    }
    RunFingerprint run = RunFingerprint.of(conf, options, train, Nd4j.getEnvironment().maxThreads(),
        FastPath.active().kind().name().toLowerCase(Locale.ROOT));
    ComputationGraph graph = null;
    TrainerState state = TrainerState.fresh(options.seed(), run);
    INDArray bestParams = null;
    if (options.resume() && checkpointer.isPresent()) {
      Optional<Checkpointer.Checkpoint> last = checkpointer.get().latest();
      if (last.isEmpty()) {
        out.printf("no complete checkpoint in %s; starting from scratch%n", checkpointer.get().directory());
      } else {
        TrainerState recorded = last.get().state();
        if (recorded.run() == null) {
          checkUnfingerprinted(last.get(), conf);
        } else {
          for (String applied : ResumeCheck.check(run, recorded.run(), last.get().file(), recorded.epochsCompleted())) {
            out.printf("resume: %s%n", applied);
          }
        }
        graph = last.get().model();
        state = recorded.withRun(run);
        bestParams = checkpointer.get().loadBest().map(ComputationGraph::params).orElse(null);
        out.printf("resuming after epoch %d from %s%n", state.epochsCompleted(), last.get().file());
      }
    }
    if (graph == null) {
      if (checkpointer.isPresent()) {
        // a fresh run must not leave an earlier run's later epochs for a future --resume to pick up
        checkpointer.get().clear();
      }
      graph = initialise(conf.clone(), train.batchesPerEpoch());
    }
    if (options.outDir() != null) {
      OutputDirectory.checkSpace(options.outDir(),
          OutputDirectory.modelBytes(graph.numParams(), graph.numParams() * Optimizers.stateArrays(options)));
    }
    graph = runner.prepare(graph);
    List<EpochMetrics> history = new ArrayList<>(state.history());
    boolean stoppedEarly = false;
    try (Progress progress = Progress.create(options.progress(), out)) {
      for (int epoch = state.epochsCompleted(); epoch < options.epochs(); epoch++) {
        EpochMetrics m = runEpoch(graph, epoch, train, validation, outputs, progress);
        history.add(m);
        progress.endEpoch(m);
        state = track(state, m, history);
        boolean best = state.bestEpoch() == m.epoch();
        if (best) {
          bestParams = graph.params().dup();
        }
        if (checkpointer.isPresent()) {
          checkpoint(checkpointer.get(), graph, state, best, history);
        }
        if (validation != null && options.patience() > 0
            && state.epochsWithoutImprovement() >= options.patience()) {
          stoppedEarly = epoch + 1 < options.epochs();
          if (stoppedEarly) {
            out.printf("early stopping: no improvement in validation loss for %d epochs; restoring epoch %d%n",
                options.patience(), state.bestEpoch());
          }
          break;
        }
      }
    }
    if (validation != null && bestParams != null) {
      graph.setParams(bestParams);
    }
    if (options.outDir() != null) {
      Path modelFile = options.outDir().resolve(MODEL_FILE);
      ComputationGraph g = graph;
      AtomicFiles.write(modelFile, tmp -> ModelSerializer.writeModel(g, tmp.toFile(), true));
      writeReports(history);
    }
    int bestEpoch = validation != null ? state.bestEpoch() : history.size();
    return new TrainingResult(graph, history, bestEpoch, state.bestValLoss(), stoppedEarly,
        Optional.ofNullable(options.outDir()));
  }

  /** Checkpoints written before fingerprints: only the layer names and the seed can be compared. */
  private void checkUnfingerprinted(Checkpointer.Checkpoint last, ComputationGraphConfiguration conf) {
    if (!last.model().getConfiguration().getVertices().keySet().equals(conf.getVertices().keySet())) {
      throw new IllegalArgumentException("the checkpoint " + last.file() + " is of another network (its layers "
          + "differ from this one's); resume with the network it was trained with, or use another output directory");
    }
    if (last.state().seed() != options.seed()) {
      throw new IllegalArgumentException("the checkpoint " + last.file() + " was made with seed " + last.state().seed()
          + ", not " + options.seed() + "; resume with --seed " + last.state().seed());
    }
    out.printf("warning: %s records no fingerprint (an older cnn-spec wrote it); only its layer names and seed "
        + "were checked%n", last.file());
  }

  /**
   * Saves the epoch's checkpoint (and the best model, and the metrics). A failed write names its
   * file (see {@link AtomicFiles}) and says which checkpoint is still there to resume from.
   */
  private void checkpoint(Checkpointer checkpointer, ComputationGraph graph, TrainerState state, boolean best,
      List<EpochMetrics> history) throws IOException {
    try {
      if (best) {
        checkpointer.saveBest(graph);
      }
      checkpointer.save(graph, state);
      writeReports(history);
    } catch (IOException e) {
      List<Integer> complete = checkpointer.completeEpochs();
      throw new IOException(e.getMessage() + "; " + (complete.isEmpty() ? "no checkpoint was completed"
          : "the checkpoint of epoch " + complete.get(0) + " is intact: fix this and run again with --resume"), e);
    }
  }

  private ComputationGraph initialise(ComputationGraphConfiguration conf, int batchesPerEpoch) throws IOException {
    Optimizers.install(conf, Optimizers.updater(options, batchesPerEpoch));
    conf.getDefaultConfiguration().setSeed(options.seed());
    for (GraphVertex v : conf.getVertices().values()) {
      if (v instanceof LayerVertex lv) {
        lv.getLayerConf().setSeed(options.seed());
      }
    }
    conf.setIterationCount(0);
    conf.setEpochCount(0);
    Nd4j.getRandom().setSeed(options.seed());
    // Before any allocation: a network too large for memory would crash the JVM inside init().
    MemoryBudget.check(conf, MemoryBudget.TRAINING_COPIES, "training this network");
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    if (initialWeights != null) {
      InitialWeights.load(graph, initialWeights);
      out.printf("starting from the weights in %s%n", initialWeights);
    }
    return graph;
  }

  private EpochMetrics runEpoch(ComputationGraph graph, int epoch, TrainingData train, TrainingData validation,
      int outputs, Progress progress) {
    Nd4j.getRandom().setSeed(Seeds.forEpoch(options.seed(), epoch, 1));
    graph.getConfiguration().setEpochCount(epoch);
    progress.startEpoch(epoch, options.epochs(), train.batchesPerEpoch());
    long start = System.nanoTime();
    Iterator<MultiDataSet> batches = train.batches(Seeds.forEpoch(options.seed(), epoch, 0), true, outputs);
    EpochRunner.EpochLoss loss = runner.train(graph, epoch, batches, options, (batch, meanLoss, seen) ->
        progress.batch(batch, meanLoss, seen / Math.max((System.nanoTime() - start) / 1e9, 1e-9)));
    long seen = loss.examples();
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double valLoss = Double.NaN;
    double valAccuracy = Double.NaN;
    if (validation != null) {
      Evaluator.LossAndAccuracy la = Evaluator.lossAndAccuracy(graph, validation, options.mainOutput());
      valLoss = la.loss();
      valAccuracy = la.accuracy();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochMetrics(epoch + 1, loss.meanLoss(), valLoss, valAccuracy,
        Optimizers.currentRate(graph.getConfiguration()), seen / Math.max(trainSeconds, 1e-9), seconds);
  }

  /** Early-stopping bookkeeping: strictly lower validation loss is an improvement. */
  private static TrainerState track(TrainerState s, EpochMetrics m, List<EpochMetrics> history) {
    boolean improved = Double.isNaN(m.valLoss()) || m.valLoss() < s.bestValLoss();
    double best = improved && !Double.isNaN(m.valLoss()) ? m.valLoss() : s.bestValLoss();
    return new TrainerState(m.epoch(), best, improved ? m.epoch() : s.bestEpoch(),
        improved ? 0 : s.epochsWithoutImprovement() + 1, s.seed(), s.ndRngNote(), history, s.run());
  }

  private void writeReports(List<EpochMetrics> history) throws IOException {
    Files.createDirectories(options.outDir());
    MetricsLog.write(options.outDir(), history);
    TrainingCurvePlot.write(options.outDir().resolve(TrainingCurvePlot.FILE), history);
  }
}
