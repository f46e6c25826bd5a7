package dev.cnnspec.runtime.data;

import dev.cnnspec.model.Shape;

/**
 * How {@link DataSources} prepares a data set; an immutable value with {@code with…} methods, so
 * the command line can start from {@link #defaults()} and change what the user set.
 *
 * @param input the model's input shape ({@code NetworkModel.inputs().get(0).shape()}); images
 *     are padded, cropped or channel-replicated to it by {@link InputFitter}. {@code null} keeps
 *     the data's own shape (not allowed for image folders, which must be resized to something)
 * @param batchSize examples per batch
 * @param seed the one seed behind the validation split, the epoch shuffles and augmentation
 * @param validationFraction share of the training file held out for validation, in [0, 1)
 *     ({@link ValidationSplit}: a seeded random subset)
 * @param normalization ÷255 or per-channel standardization with training-set statistics
 * @param augment random shifts (and flips, if {@code flip}) on training batches only
 * @param shiftPad the largest augmentation shift in pixels
 * @param flip whether augmentation flips horizontally (wrong for digits and text)
 * @param replicateChannels whether gray images may be copied into a 3-channel input
 * @param shuffle whether training batches are shuffled each epoch
 * @param prefetch batches prepared ahead on a background thread (DL4J's AsyncDataSetIterator);
 *     0 turns prefetching off
 * @param classes the model's number of classes, or 0 when unknown; sources whose classes come
 *     from the labels they hold (a CSV) reject labels beyond it and name classes 0..classes-1
 */
public record DataOptions(
    Shape input,
    int batchSize,
    long seed,
    double validationFraction,
    Normalization normalization,
    boolean augment,
    int shiftPad,
    boolean flip,
    boolean replicateChannels,
    boolean shuffle,
    int prefetch,
    int classes) {

  /** Which {@link PixelNormalizer} to use. */
  public enum Normalization {
    /** ÷255 into [0, 1]. */
    SCALE,
    /** Per-channel mean and standard deviation of the training part, computed once. */
    STANDARDIZE
  }

  public DataOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), not " + validationFraction);
    }
    if (shiftPad < 0 || prefetch < 0 || classes < 0) {
      throw new IllegalArgumentException("shift padding, prefetch and classes must not be negative");
    }
    if (normalization == null) {
      throw new IllegalArgumentException("normalization must be given");
    }
  }

  /** Batches of 64, seed 42, 20% validation, ÷255, no augmentation, shuffled, 4 batches prefetched. */
  public static DataOptions defaults() {
    return new DataOptions(null, 64, 42, 0.2, Normalization.SCALE, false, 2, true, false, true, 4, 0);
  }

  public DataOptions withInput(Shape v) {
    return new DataOptions(v, batchSize, seed, validationFraction, normalization, augment, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  public DataOptions withBatchSize(int v) {
    return new DataOptions(input, v, seed, validationFraction, normalization, augment, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  public DataOptions withSeed(long v) {
    return new DataOptions(input, batchSize, v, validationFraction, normalization, augment, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  public DataOptions withValidationFraction(double v) {
    return new DataOptions(input, batchSize, seed, v, normalization, augment, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  public DataOptions withNormalization(Normalization v) {
    return new DataOptions(input, batchSize, seed, validationFraction, v, augment, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  /** Augmentation on or off, keeping the shift and flip settings. */
  public DataOptions withAugment(boolean v) {
    return new DataOptions(input, batchSize, seed, validationFraction, normalization, v, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  /** Augmentation on, with these settings. */
  public DataOptions withAugment(int shiftPad, boolean flip) {
    return new DataOptions(input, batchSize, seed, validationFraction, normalization, true, shiftPad, flip,
        replicateChannels, shuffle, prefetch, classes);
  }

  public DataOptions withReplicateChannels(boolean v) {
    return new DataOptions(input, batchSize, seed, validationFraction, normalization, augment, shiftPad, flip,
        v, shuffle, prefetch, classes);
  }

  public DataOptions withShuffle(boolean v) {
    return new DataOptions(input, batchSize, seed, validationFraction, normalization, augment, shiftPad, flip,
        replicateChannels, v, prefetch, classes);
  }

  public DataOptions withPrefetch(int v) {
    return new DataOptions(input, batchSize, seed, validationFraction, normalization, augment, shiftPad, flip,
        replicateChannels, shuffle, v, classes);
  }

  public DataOptions withClasses(int v) {
    return new DataOptions(input, batchSize, seed, validationFraction, normalization, augment, shiftPad, flip,
        replicateChannels, shuffle, prefetch, v);
  }
}
