package dev.cnnspec.cli;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.DataOptions;
import dev.cnnspec.runtime.dl4j.MemoryBudget;
import dev.cnnspec.runtime.data.DataSources;
import dev.cnnspec.runtime.data.DataSplits;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.train.ConfusionMatrixPlot;
import dev.cnnspec.runtime.train.EvaluationReport;
import dev.cnnspec.runtime.train.Evaluator;
import dev.cnnspec.runtime.train.ImageSetData;
import dev.cnnspec.runtime.train.Optimizer;
import dev.cnnspec.runtime.train.OutputHeads;
import dev.cnnspec.runtime.train.Schedule;
import dev.cnnspec.runtime.train.Trainer;
import dev.cnnspec.runtime.train.TrainingOptions;
import dev.cnnspec.runtime.train.TrainingResult;
import dev.cnnspec.runtime.train.AtomicFiles;
import dev.cnnspec.runtime.train.ClusterTraining;
import dev.cnnspec.runtime.train.OutputDirectory;
import org.nd4j.linalg.factory.Nd4j;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn train MODEL}: trains a zoo network or a spec on a data set, then reports the test
 * accuracy and where the model, metrics and plots went. Progress goes to stderr; the final report
 * to stdout.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a network (a .cnn file or a zoo name like LeNet5) on a data set.")
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "a .cnn spec, or a generated class such as LeNet5")
  String model;

  @Mixin
  SpecOptions specOptions = new SpecOptions();

  @Mixin
  DatasetOption dataOption = new DatasetOption();

  @Option(names = "--epochs", defaultValue = "10", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
      description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Optimizer optimizer;

  @Option(names = "--momentum", defaultValue = "0", description = "momentum for sgd (classical) and nesterov (0.9 if 0)")
  double momentum;

  @Option(names = "--schedule", defaultValue = "constant", paramLabel = "NAME",
      description = "learning-rate schedule: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Schedule schedule;

  @Option(names = "--val-split", defaultValue = "0.1", description = "share of the training set held out (default ${DEFAULT-VALUE})")
  double valSplit;

  @Option(names = "--patience", defaultValue = "0", description = "early stopping after N epochs without improvement (0: off)")
  int patience;

  @Option(names = "--seed", defaultValue = "42", description = "seed of initialisation, split, shuffles (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--augment", description = "random shifts (and flips with --flip) of training images")
  boolean augment;

  @Option(names = "--flip", description = "with --augment: also flip horizontally (wrong for digits)")
  boolean flip;

  @Option(names = "--replicate-channels", description = "copy gray images into all three channels of an RGB input")
  boolean replicateChannels;

  @Option(names = "--limit", paramLabel = "N", description = "use only the first N training images (quick runs)")
  Integer limit;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default runs/NETWORK)")
  Path out;

  @Option(names = "--init", paramLabel = "FILE",
      description = "start from the weights in a DL4J model zip (e.g. the .weights.zip of cnn import keras)")
  Path init;

  @Option(names = "--resume", description = "continue from the last complete checkpoint in --out")
  boolean resume;

  @Option(names = "--threads", paramLabel = "N", description = "ND4J threads (default: OMP_NUM_THREADS or every core); "
      + "recorded in the run, and --resume reuses the run's count")
  Integer threads;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
      description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: a bar on a terminal, else lines)")
  TrainingOptions.ProgressMode progress;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Training on Apache Spark (the cnn-spec-spark module):%n")
  SparkOptions spark;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintStream log = System.err;
    ClusterTraining cluster = spark == null ? null : spark.service();
    // with --out given, before the spec is compiled and ND4J starts: a relaunch then costs little
    OptionalInt relaunched = out != null ? relaunchForThreads(out, log) : OptionalInt.empty();
    if (relaunched.isPresent()) {
      return relaunched.getAsInt();
    }
    Map<String, String> overrides = specOptions.set.values();
    ModelSource.Resolved resolved = ModelSource.resolve(model, specOptions.network, overrides, seed);
    TrainFeed.checkInputs(resolved);
    MemoryBudget.check(resolved.configuration(), MemoryBudget.TRAINING_COPIES, "training " + resolved.name());
    Path dir = out != null ? out : Path.of("runs", resolved.name());
    relaunched = out == null ? relaunchForThreads(dir, log) : OptionalInt.empty();
    if (relaunched.isPresent()) {
      return relaunched.getAsInt();
    }
    // before the data loads and long before the first checkpoint: a bad --out fails in seconds
    OutputDirectory.checkWritable(dir);
    Shape input = resolved.input();
    DataOptions dataOptions = DataOptions.defaults().withInput(input).withBatchSize(batch).withSeed(seed)
        .withValidationFraction(valSplit).withAugment(augment).withPrefetch(0).withReplicateChannels(replicateChannels)
        .withClasses(classes(resolved));
    if (augment) {
      dataOptions = dataOptions.withAugment(dataOptions.shiftPad(), flip);
    }
    String dataset = dataOption.orElse(null);
    log.printf("loading %s for %s %s%n", dataset, resolved.name(), input.dims());
    DataSplits data = DataSources.open(dataset, dataOptions);
    TrainFeed.checkHeads(resolved, data.name(), data.numClasses());
    ImageSet trainImages = data.trainImages();
    if (limit != null) {
      trainImages = trainImages.subset(java.util.stream.IntStream.range(0, Math.min(limit, trainImages.size())).toArray());
    }
    boolean flat = input instanceof Shape.Flat;
    if (augment && flat) {
      throw new UserError("--augment shifts and flips images, but " + resolved.name() + " takes a flat input "
          + input.dims() + "; drop --augment");
    }
    ImageSetData train = new ImageSetData(trainImages, batch, data.normalizer(), flat, augment,
        dataOptions.shiftPad(), flip);
    ImageSetData validation = data.validationImages().size() == 0 ? null
        : new ImageSetData(data.validationImages(), batch, data.normalizer(), flat, false, 0, false);
    int main = OutputHeads.mainOutput(resolved.configuration());
    TrainingOptions options = TrainingOptions.defaults().withEpochs(epochs).withOptimizer(optimizer, lr, momentum)
        .withSchedule(schedule).withPatience(patience).withSeed(seed).withOutDir(dir, resume).withMainOutput(main)
        .withProgress(progress).withRunNotes(runNotes(dataset, input));
    int nd4jThreads = Nd4j.getEnvironment().maxThreads();
    log.printf("training %s (%s) on %d images, validating on %d; %s, lr %s, %s schedule; %d ND4J thread%s; output in"
        + " %s%n", resolved.name(), resolved.origin(), train.size(), validation == null ? 0 : validation.size(),
        optimizer.cliName(), lr, schedule.cliName(), nd4jThreads, nd4jThreads == 1 ? "" : "s", dir);
    busyHint(nd4jThreads, log);
    if (spark != null && init != null) {
      throw new UserError("--init with --spark is not supported yet; train from --init without --spark, or drop --init");
    }
    TrainingResult result = spark != null ? spark.fit(cluster, options, log, resolved, train, validation)
        : new Trainer(options, log).startingFrom(init).fit(resolved.configuration(), train, validation);

    double testAccuracy = Double.NaN;
    stdout.printf(Locale.ROOT, "trained %s for %d epoch%s (best epoch %d)%n", resolved.name(), result.history().size(),
        result.history().size() == 1 ? "" : "s", result.bestEpoch());
    if (data.testImages().isPresent()) {
      ImageSetData test = new ImageSetData(data.testImages().get(), batch, data.normalizer(), flat, false, 0, false);
      EvaluationReport report = Evaluator.evaluate(result.model(), test, main, data.classNames());
      testAccuracy = report.accuracy();
      AtomicFiles.writeString(dir.resolve("evaluation.txt"), report.toText());
      AtomicFiles.writeString(dir.resolve("evaluation.json"), report.toJson());
      ConfusionMatrixPlot.write(dir.resolve("confusion-matrix.png"), report);
      stdout.printf(Locale.ROOT, "test accuracy %.4f (%d/%d), test loss %.4f%n", report.accuracy(), report.correct(),
          report.total(), report.loss());
    }
    SavedModel.writeMetadata(dir, resolved.name(), resolved.origin(), overrides, input, dataset, data.classNames(), data.normalizer(),
        main, testAccuracy);
    stdout.printf("model:   %s (DL4J ModelSerializer; %s beside it)%n", dir.resolve(Trainer.MODEL_FILE),
        SavedModel.META);
    stdout.printf("metrics: %s, %s%n", result.metricsCsv().orElseThrow(), result.metricsJson().orElseThrow());
    stdout.printf("plots:   %s%s%n", result.curvePng().orElseThrow(),
        data.testImages().isPresent() ? ", " + dir.resolve("confusion-matrix.png") : "");
    if (data.testImages().isPresent()) {
      stdout.printf("report:  %s%n", dir.resolve("evaluation.txt"));
    }
    stdout.flush();
    return 0;
  }

  /** The main head's units, the classes a CSV's labels must stay below (checkHeads compares all heads). */
  private static int classes(ModelSource.Resolved resolved) {
    int main = Math.min(OutputHeads.mainOutput(resolved.configuration()), resolved.heads().size() - 1);
    return main < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, resolved.heads().get(main).shape().elements());
  }

  /**
   * Runs this command again in a child JVM when the thread count the run needs (the recorded one
   * on --resume, or --threads) is not this JVM's, and returns its exit status; empty otherwise.
   */
  private OptionalInt relaunchForThreads(Path dir, PrintStream log) throws IOException {
    OptionalInt pinned = TrainThreads.wanted(threads, resume, dir);
    if (pinned.isEmpty() || pinned.equals(TrainThreads.current())) {
      return OptionalInt.empty();
    }
    String why = threads != null && !resume ? "as --threads asks" : "the thread count the run in " + dir
        + " was trained with";
    return OptionalInt.of(TrainThreads.relaunch(pinned.getAsInt(), why,
        spec.root().commandLine().getParseResult().originalArgs(), log));
  }

  /** What decides the numbers beside the trainer's own options: recorded, and compared on --resume. */
  private Map<String, String> runNotes(String dataset, Shape input) {
    Map<String, String> notes = new TreeMap<>();
    notes.put("dataset", dataset);
    notes.put("val-split", Double.toString(valSplit));
    notes.put("augment", Boolean.toString(augment));
    notes.put("flip", Boolean.toString(flip));
    if (replicateChannels) {
      notes.put("replicate-channels", "true");
    }
    if (limit != null) {
      notes.put("limit", Integer.toString(limit));
    }
    notes.put("input", input.dims().toString());
    return notes;
  }

  /**
   * ND4J's spinning threads slow a busy machine down several-fold, but the thread count is part of
   * the run's numbers, so it is never lowered behind the user's back (two runs would then differ
   * with the load): say so, and let the user choose.
   */
  private static void busyHint(int nd4jThreads, PrintStream log) {
    int cores = Runtime.getRuntime().availableProcessors();
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (nd4jThreads > 1 && load >= cores) {
      log.printf(Locale.ROOT, "note: the machine is busy (load %.1f on %d cores); --threads 1 may train faster%n", load,
          cores);
    }
  }
}
