package dev.cnnspec.runtime.train;

import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.data.DataOptions;
import dev.cnnspec.runtime.data.DataSources;
import dev.cnnspec.runtime.data.DataSplits;
import dev.cnnspec.runtime.data.ImageSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Training from Java in a few lines, on the engine {@code cnn train} uses ({@link Trainer}: same
 * seeding, early stopping, checkpoints and metrics):
 *
 * <pre>{@code
 * Training.Run run = Training.of(LeNet5.builder().build(), LeNet5.INPUT_SHAPE)
 *     .data(Dataset.fashionMnist())
 *     .epochs(5)
 *     .fit();
 * run.history();                      // one EpochMetrics per epoch
 * run.evaluate().accuracy();          // on the data's test split
 * run.predict(images);                // class probabilities of the main output head
 * }</pre>
 *
 * <p>The network passed in gives the architecture; like {@code cnn train}, the trainer initialises
 * the weights from its own seed ({@link #seed}), so a run is reproducible whatever the network's
 * builder did. The input shape is passed alongside because a DL4J configuration does not keep
 * it, and the images are fitted to it; every generated class has it as {@code INPUT_SHAPE}. Each
 * setter returns a new {@code Training}: a configured one can be reused.
 */
public final class Training {
  private final ComputationGraphConfiguration conf;
  private final Shape input;
  private final Dataset data;
  private final TrainingOptions options;
  private final int batchSize;
  private final PrintStream log;

  private Training(ComputationGraphConfiguration conf, Shape input, Dataset data, TrainingOptions options,
      int batchSize, PrintStream log) {
    this.conf = conf;
    this.input = input;
    this.data = data;
    this.options = options;
    this.batchSize = batchSize;
    this.log = log;
  }

  /**
   * Trains this network's architecture (a generated class's {@code builder().build()}).
   *
   * @param inputShape {@code [height, width, channels]} or {@code [features]}, as the generated
   *     class's {@code INPUT_SHAPE}
   */
  public static Training of(ComputationGraph network, List<Integer> inputShape) {
    return of(network.getConfiguration(), inputShape);
  }

  public static Training of(ComputationGraphConfiguration configuration, List<Integer> inputShape) {
    Objects.requireNonNull(configuration, "configuration");
    if (configuration.getNetworkInputs().size() != 1) {
      throw new IllegalArgumentException("Training takes networks with one input; this one has "
          + configuration.getNetworkInputs());
    }
    TrainingOptions defaults = TrainingOptions.defaults().withEpochs(1)
        .withMainOutput(OutputHeads.mainOutput(configuration)).withProgress(TrainingOptions.ProgressMode.NONE);
    return new Training(configuration, shape(inputShape), Dataset.fashionMnist(), defaults, 64,
        new PrintStream(OutputStream.nullOutputStream()));
  }

  public Training data(Dataset dataset) {
    return new Training(conf, input, Objects.requireNonNull(dataset, "dataset"), options, batchSize, log);
  }

  public Training epochs(int epochs) {
    return new Training(conf, input, data, options.withEpochs(epochs), batchSize, log);
  }

  public Training batchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + size);
    }
    return new Training(conf, input, data, options, size, log);
  }

  /** Adam at 1e-3 unless told otherwise; {@code momentum} is used by SGD with momentum only. */
  public Training optimizer(Optimizer optimizer, double learningRate, double momentum) {
    return new Training(conf, input, data, options.withOptimizer(optimizer, learningRate, momentum), batchSize, log);
  }

  public Training seed(long seed) {
    return new Training(conf, input, data, options.withSeed(seed), batchSize, log);
  }

  /** Stop after this many epochs without a better validation loss (0: never). */
  public Training patience(int epochs) {
    return new Training(conf, input, data, options.withPatience(epochs), batchSize, log);
  }

  /** Write checkpoints, metrics and plots to this directory, as {@code cnn train --out} does. */
  public Training outputDirectory(Path dir) {
    return new Training(conf, input, data, options.withOutDir(dir, false), batchSize, log);
  }

  /** Print progress (one line per epoch) to this stream; silent by default. */
  public Training log(PrintStream stream) {
    return new Training(conf, input, data, options.withProgress(TrainingOptions.ProgressMode.LINES),
        batchSize, Objects.requireNonNull(stream, "stream"));
  }

  /** Opens the data fitted to the network's input, trains, and returns the trained run. */
  public Run fit() throws IOException {
    DataOptions dataOptions = DataOptions.defaults().withInput(input).withBatchSize(batchSize)
        .withSeed(options.seed()).withPrefetch(0);
    DataSplits splits = DataSources.open(data.source(), dataOptions);
    boolean flat = input instanceof Shape.Flat;
    ImageSetData train = new ImageSetData(limit(splits.trainImages()), batchSize, splits.normalizer(), flat, false, 0,
        false);
    ImageSetData validation = splits.validationImages().size() == 0 ? null
        : new ImageSetData(limit(splits.validationImages()), batchSize, splits.normalizer(), flat, false, 0, false);
    TrainingResult result = new Trainer(options, log).fit(conf, train, validation);
    ImageSetData test = splits.testImages()
        .map(t -> new ImageSetData(limit(t), batchSize, splits.normalizer(), flat, false, 0, false)).orElse(null);
    return new Run(result, test, splits.classNames(), options.mainOutput());
  }

  private ImageSet limit(ImageSet images) {
    if (data.limit() == 0 || images.size() <= data.limit()) {
      return images;
    }
    return images.subset(IntStream.range(0, data.limit()).toArray());
  }

  private static Shape shape(List<Integer> dims) {
    Objects.requireNonNull(dims, "inputShape");
    if (dims.stream().anyMatch(d -> d == null || d < 1) || (dims.size() != 3 && dims.size() != 1)) {
      throw new IllegalArgumentException("input shape must be [height, width, channels] or [features] with positive"
          + " sizes, got " + dims);
    }
    return dims.size() == 3 ? Shape.spatial(dims.get(0), dims.get(1), dims.get(2)) : Shape.flat(dims.get(0));
  }

  /** A finished run: the trained network, its history, and evaluation on the test split. */
  public static final class Run {
    private final TrainingResult result;
    private final ImageSetData test;
    private final List<String> classNames;
    private final int mainOutput;

    Run(TrainingResult result, ImageSetData test, List<String> classNames, int mainOutput) {
      this.result = result;
      this.test = test;
      this.classNames = classNames;
      this.mainOutput = mainOutput;
    }

    /** The trained network (the best epoch's weights when there was validation data). */
    public ComputationGraph model() {
      return result.model();
    }

    public List<EpochMetrics> history() {
      return result.history();
    }

    public TrainingResult result() {
      return result;
    }

    public List<String> classNames() {
      return classNames;
    }

    /** Accuracy, loss and the confusion matrix on the data's test split. */
    public EvaluationReport evaluate() {
      if (test == null) {
        throw new IllegalStateException("the data has no test split to evaluate on");
      }
      return Evaluator.evaluate(result.model(), test, mainOutput, classNames);
    }

    /** Class probabilities of the main output head for a batch of inputs (NCHW, or [n, features]). */
    public org.nd4j.linalg.api.ndarray.INDArray predict(org.nd4j.linalg.api.ndarray.INDArray inputs) {
      return result.model().output(false, inputs)[mainOutput];
    }
  }
}
