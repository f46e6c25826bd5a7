package dev.cnnspec.runtime.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Holds out a validation set from a training set: a <em>seeded random</em> fraction rather than
 * the last images, because files are often ordered (an image folder is sorted by class, so "the
 * last 20%" would be whole classes the model never trains on).
 *
 * <p>The validation set is {@code round(fraction × n)} images picked by a Fisher–Yates shuffle of
 * the indices with the given seed; the training set is the rest. Both keep file order (the
 * training iterator shuffles per epoch). The same set, fraction and seed always give the same
 * split, and the two parts are disjoint and together the whole set.
 */
public final class ValidationSplit {
  private final ImageSet train;
  private final ImageSet validation;
  private final int[] trainIndices;
  private final int[] validationIndices;

  private ValidationSplit(ImageSet source, int[] trainIndices, int[] validationIndices) {
    this.trainIndices = trainIndices;
    this.validationIndices = validationIndices;
    this.train = validationIndices.length == 0 ? source : source.subset(trainIndices);
    this.validation = source.subset(validationIndices);
  }

  /**
   * @param fraction the share held out, in [0, 1); 0 gives an empty validation set
   */
  public static ValidationSplit of(ImageSet set, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), not " + fraction);
    }
    int n = set.size();
    int held = (int) Math.round(fraction * n);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    // A generator of its own (seed mixed with a constant) so the split does not mirror the
    // shuffle of the first epoch, which uses the same user seed.
    Random random = new Random(seed ^ 0x5DEECE66DL * 31);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] val = Arrays.copyOfRange(perm, 0, held);
    int[] tr = Arrays.copyOfRange(perm, held, n);
    Arrays.sort(val);
    Arrays.sort(tr);
    return new ValidationSplit(set, tr, val);
  }

  public ImageSet train() {
    return train;
  }

  public ImageSet validation() {
    return validation;
  }

  /** Indices into the source set of the training part, ascending. */
  public int[] trainIndices() {
    return trainIndices.clone();
  }

  /** Indices into the source set of the validation part, ascending. */
  public int[] validationIndices() {
    return validationIndices.clone();
  }
}
