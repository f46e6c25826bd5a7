package dev.cnnspec.runtime.data;

import dev.cnnspec.model.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one entry point the command line needs: a data source named by a short string, opened and
 * prepared for a model.
 *
 * <pre>{@code
 * DataSplits data = DataSources.open("fashion-mnist",
 *     DataOptions.defaults().withInput(model.inputs().get(0).shape()).withBatchSize(128));
 * net.fit(data.train(), 10);
 * Evaluation eval = net.evaluate(data.test().orElseThrow());
 * }</pre>
 *
 * Sources:
 * <ul>
 *   <li>{@code fashion-mnist} (from {@link MnistFiles#FASHION_MNIST_DIR}) or {@code fashion-mnist:DIR};
 *   <li>{@code mnist:DIR} — the four MNIST IDX files (gzip or not) in DIR;
 *   <li>{@code cifar10:DIR} — the CIFAR-10 binary batches in DIR;
 *   <li>{@code images:DIR} — class folders in DIR, or in DIR/train and DIR/test when both exist;
 *   <li>{@code csv:FILE} — a labelled pixel CSV (Kaggle digit-recognizer layout), no test set.
 * </ul>
 * The steps: load → {@link InputFitter} to {@link DataOptions#input()} → {@link ValidationSplit}
 * of the training file → normalizer from the training part. User errors are {@link IOException}s
 * (missing files, {@link DataFormatException}) or {@link IllegalArgumentException}s (an unknown
 * source, images that cannot fit the model), all with messages fit to print as they are.
 */
public final class DataSources {
  /** The forms {@link #open} accepts, for help texts. */
  public static final String FORMS = "fashion-mnist, fashion-mnist:DIR, mnist:DIR, cifar10:DIR, images:DIR, csv:FILE";

  private DataSources() {}

  public static DataSplits open(String source, DataOptions options) throws IOException {
    int colon = source.indexOf(':');
    String kind = colon < 0 ? source : source.substring(0, colon);
    String arg = colon < 0 ? "" : source.substring(colon + 1);
    if (colon >= 0 && arg.isBlank()) {
      throw new IllegalArgumentException("data source '" + source + "' needs a path after the colon; expected " + FORMS);
    }
    Path path = arg.isEmpty() ? null : Path.of(arg);
    ImageSet train;
    ImageSet test;
    switch (kind) {
      case "fashion-mnist" -> {
        Path dir = path == null ? MnistFiles.FASHION_MNIST_DIR : path;
        train = MnistFiles.read(dir, "train", MnistFiles.FASHION_CLASS_NAMES, path == null);
        test = MnistFiles.read(dir, "t10k", MnistFiles.FASHION_CLASS_NAMES, path == null);
      }
      case "mnist" -> {
        requirePath(source, path);
        train = MnistFiles.read(path, "train", MnistFiles.DIGIT_CLASS_NAMES);
        test = MnistFiles.read(path, "t10k", MnistFiles.DIGIT_CLASS_NAMES);
      }
      case "cifar10" -> {
        requirePath(source, path);
        train = Cifar10Format.readTrain(path);
        test = Cifar10Format.readTest(path);
      }
      case "images" -> {
        requirePath(source, path);
        if (!(options.input() instanceof Shape.Spatial s)) {
          throw new IllegalArgumentException("an image folder is resized to the model input, which must be [h, w, c];"
              + " the input is " + (options.input() == null ? "not given" : options.input().dims()));
        }
        // Decoding converts to the model's channel count (gray or RGB), so replication never applies.
        int c = s.channels();
        boolean splitDirs = Files.isDirectory(path.resolve("train")) && Files.isDirectory(path.resolve("test"));
        train = ImageFolderFormat.read(splitDirs ? path.resolve("train") : path, s.height(), s.width(), c);
        test = splitDirs ? ImageFolderFormat.read(path.resolve("test"), s.height(), s.width(), c) : null;
        if (test != null && !test.classNames().equals(train.classNames())) {
          throw DataFormatException.inFile(path.resolve("test"), "has classes " + test.classNames()
              + " but train has " + train.classNames() + "; both need the same class folders");
        }
      }
      case "csv" -> {
        requirePath(source, path);
        train = CsvPixelFormat.read(path, options.classes());
        if (!train.labelled()) {
          throw DataFormatException.inFile(path, "has no 'label' column, so it cannot be trained or evaluated on;"
              + " read it with CsvPixelFormat.read and predict over DataSplits.inOrder");
        }
        test = null;
      }
      default -> throw new IllegalArgumentException("unknown data source '" + source + "'; expected " + FORMS);
    }
    return prepare(source, train, test, options);
  }

  /** The steps after loading, for sets loaded some other way. */
  public static DataSplits prepare(String name, ImageSet train, ImageSet test, DataOptions options) {
    if (options.input() != null) {
      train = InputFitter.fit(train, options.input(), options.replicateChannels());
      test = test == null ? null : InputFitter.fit(test, options.input(), options.replicateChannels());
    }
    ValidationSplit split = ValidationSplit.of(train, options.validationFraction(), options.seed());
    PixelNormalizer normalizer = options.normalization() == DataOptions.Normalization.STANDARDIZE
        ? PixelNormalizer.standardize(split.train()) : PixelNormalizer.scale();
    return new DataSplits(name, split.train(), split.validation(), test, normalizer, options);
  }

  private static void requirePath(String source, Path path) {
    if (path == null) {
      throw new IllegalArgumentException("data source '" + source + "' needs a path: " + source + ":DIR or :FILE");
    }
  }
}
