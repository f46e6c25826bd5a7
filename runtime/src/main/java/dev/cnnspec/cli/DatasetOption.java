package dev.cnnspec.cli;

import dev.cnnspec.runtime.data.DataSources;
import picocli.CommandLine.Option;

/**
 * {@code --dataset SOURCE}, shared by the commands that read images ({@code train}, {@code eval},
 * {@code samples}). It has no picocli default because the right one depends on the command: a
 * trained model's own data set where there is a model, else Fashion-MNIST.
 */
final class DatasetOption {
  static final String DEFAULT = "fashion-mnist";

  @Option(names = "--dataset", paramLabel = "SOURCE", description = DataSources.FORMS
      + " (default: fashion-mnist; for a trained model, the data it was trained on)")
  String source;

  /** The source given, else {@code modelDataset} (a saved model's, may be null), else {@link #DEFAULT}. */
  String orElse(String modelDataset) {
    return source != null ? source : modelDataset != null ? modelDataset : DEFAULT;
  }
}
