package dev.cnnspec.runtime.data;

import dev.cnnspec.model.Shape;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A prepared data set: training, validation and test images, fitted to the model input and held
 * as bytes, with the normalizer fitted on the training part. Each iterator method returns a fresh
 * iterator, so two calls give identical batch sequences (same seed), and evaluation code cannot
 * disturb training's epoch counter.
 *
 * <p>Only training batches are shuffled and augmented; validation and test batches come in file
 * order, so the i-th prediction of a pass belongs to image i of {@link #testImages()} (which is
 * what {@link SampleGrid} expects).
 *
 * <p>Prefetching iterators run a daemon thread that ends with the epoch; one abandoned half-way
 * keeps its thread parked until {@code AsyncDataSetIterator.shutdown()} is called.
 */
public final class DataSplits {
  private final String name;
  private final ImageSet train;
  private final ImageSet validation;
  private final ImageSet test;
  private final PixelNormalizer normalizer;
  private final DataOptions options;

  DataSplits(String name, ImageSet train, ImageSet validation, ImageSet test, PixelNormalizer normalizer,
      DataOptions options) {
    this.name = name;
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.normalizer = normalizer;
    this.options = options;
  }

  /** The source as the user named it, e.g. {@code fashion-mnist}. */
  public String name() {
    return name;
  }

  public List<String> classNames() {
    return train.classNames();
  }

  public int numClasses() {
    return train.numClasses();
  }

  public PixelNormalizer normalizer() {
    return normalizer;
  }

  public DataOptions options() {
    return options;
  }

  /** Shuffled (if asked), augmented (if asked), prefetched (if asked) training batches. */
  public DataSetIterator train() {
    Long seed = options.shuffle() ? options.seed() : null;
    ImageSetIterator it = new ImageSetIterator(train, options.batchSize(), normalizer, flat(), seed);
    if (options.augment()) {
      it.setPreProcessor(new Augmentation(options.shiftPad(), options.flip(), normalizer, options.seed() + 1));
    }
    return prefetched(it);
  }

  /** Validation batches in file order; empty when the validation fraction is 0. */
  public Optional<DataSetIterator> validation() {
    return validation.size() == 0 ? Optional.empty() : Optional.of(inOrder(validation));
  }

  /** Test batches in file order; empty when the source has no test set (image folder, CSV). */
  public Optional<DataSetIterator> test() {
    return test == null ? Optional.empty() : Optional.of(inOrder(test));
  }

  public ImageSet trainImages() {
    return train;
  }

  public ImageSet validationImages() {
    return validation;
  }

  public Optional<ImageSet> testImages() {
    return Optional.ofNullable(test);
  }

  /**
   * An iterator in file order over another set (e.g. an unlabelled CSV to predict on), fitted to
   * the model input and normalized exactly like the test set.
   *
   * @throws IllegalArgumentException when the images cannot fit the model input
   */
  public DataSetIterator inOrder(ImageSet images) {
    ImageSet fitted = options.input() == null ? images
        : InputFitter.fit(images, options.input(), options.replicateChannels());
    return prefetched(new ImageSetIterator(fitted, options.batchSize(), normalizer, flat(), null));
  }

  private boolean flat() {
    return options.input() instanceof Shape.Flat;
  }

  private DataSetIterator prefetched(ImageSetIterator it) {
    // No workspace: batches handed out stay valid after the next call, which callers that keep
    // a batch (evaluation, sample grids) silently rely on.
    return options.prefetch() == 0 ? it : new AsyncDataSetIterator(it, options.prefetch(), false);
  }

  @Override
  public String toString() {
    return name + ": train " + train + ", validation " + validation.size() + ", test "
        + (test == null ? "none" : test.size());
  }
}
