package dev.cnnspec.runtime.data;

import java.util.Arrays;

/**
 * Maps a pixel byte {@code b} of channel {@code c} to {@code (b / 255 - mean[c]) / std[c]}.
 * Two choices, one formula:
 * <ul>
 *   <li>{@link #scale()}: mean 0, std 1, i.e. plain ÷255 into [0, 1];
 *   <li>{@link #standardize(ImageSet)}: the per-channel mean and standard deviation of the given
 *       (training) images, on the [0, 1] scale, computed once in one pass over the bytes. Apply the
 *       same instance to validation and test data: statistics of the data being evaluated would
 *       leak it into the model.
 * </ul>
 * Immutable; {@link #mean()} and {@link #std()} are exposed so that training can store them next
 * to the model and prediction can apply the same transform.
 */
public final class PixelNormalizer {
  private final double[] mean;
  private final double[] std;
  private final float[] lookup;
  private final int channels;

  private PixelNormalizer(double[] mean, double[] std) {
    this.mean = mean.clone();
    this.std = std.clone();
    this.channels = mean.length;
    this.lookup = new float[channels * 256];
    for (int c = 0; c < channels; c++) {
      if (!(std[c] > 0)) {
        throw new IllegalArgumentException("standard deviation of channel " + c + " is " + std[c]
            + "; a constant channel cannot be standardized, use ÷255 scaling");
      }
      for (int b = 0; b < 256; b++) {
        lookup[c * 256 + b] = (float) ((b / 255.0 - mean[c]) / std[c]);
      }
    }
  }

  /** ÷255: pixels in [0, 1], whatever the number of channels. */
  public static PixelNormalizer scale() {
    return new PixelNormalizer(new double[] {0}, new double[] {1});
  }

  /** Given per-channel statistics on the [0, 1] scale (e.g. stored with a trained model). */
  public static PixelNormalizer of(double[] mean, double[] std) {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("need one mean and one std per channel");
    }
    return new PixelNormalizer(mean, std);
  }

  /** Per-channel mean and (population) standard deviation of {@code images}. */
  public static PixelNormalizer standardize(ImageSet images) {
    int c = images.channels();
    int plane = images.height() * images.width();
    long[][] histogram = new long[c][256];
    byte[] px = images.pixelArray();
    for (int i = 0; i < images.size(); i++) {
      int base = i * images.imageSize();
      for (int ch = 0; ch < c; ch++) {
        long[] h = histogram[ch];
        for (int k = base + ch * plane, end = k + plane; k < end; k++) {
          h[px[k] & 0xFF]++;
        }
      }
    }
    double[] mean = new double[c];
    double[] std = new double[c];
    for (int ch = 0; ch < c; ch++) {
      long n = 0;
      double sum = 0;
      double sq = 0;
      for (int b = 0; b < 256; b++) {
        long k = histogram[ch][b];
        n += k;
        sum += k * (b / 255.0);
        sq += k * (b / 255.0) * (b / 255.0);
      }
      mean[ch] = sum / n;
      std[ch] = Math.sqrt(Math.max(0, sq / n - mean[ch] * mean[ch]));
    }
    return new PixelNormalizer(mean, std);
  }

  /** Per-channel means on the [0, 1] scale (one value for {@link #scale()}). */
  public double[] mean() {
    return mean.clone();
  }

  /** Per-channel standard deviations on the [0, 1] scale. */
  public double[] std() {
    return std.clone();
  }

  /** The normalized value of pixel byte {@code b} (0–255) in channel {@code channel}. */
  public float apply(int channel, int b) {
    return lookup[(channels == 1 ? 0 : channel) * 256 + b];
  }

  /** The table the batch converter indexes: 256 floats per channel. */
  float[] table(int channel) {
    int c = channels == 1 ? 0 : channel;
    return Arrays.copyOfRange(lookup, c * 256, c * 256 + 256);
  }

  /** Whether these statistics fit images with {@code imageChannels} channels. */
  boolean fits(int imageChannels) {
    return channels == 1 || channels == imageChannels;
  }

  @Override
  public String toString() {
    return "PixelNormalizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
