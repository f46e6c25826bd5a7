package dev.cnnspec.runtime.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * Seeded training-time augmentation of NCHW batches, as a {@link DataSetPreProcessor} so that it
 * plugs into any DL4J iterator and runs on the prefetch thread:
 * <ul>
 *   <li>random shift: pad by {@code pad} pixels on every side and crop back to the original size at
 *       a random position, i.e. shift by up to {@code pad} pixels each way (the CIFAR recipe);
 *   <li>horizontal flip with probability ½ (off for digits, where a flipped 3 is not a 3).
 * </ul>
 * Padding is filled with the normalized value of a black pixel, so that it looks the same as
 * {@link InputFitter}'s zero padding whatever the normalization. Labels are never touched.
 *
 * <p>Each image draws from one {@link Random} seeded once, so the same seed over the same batch
 * sequence gives the same images; not thread-safe across iterators (give each its own instance).
 */
public final class Augmentation implements DataSetPreProcessor {
  private static final long serialVersionUID = 1L;

  private final int pad;
  private final boolean flip;
  private final float[] fill;
  private final Random random;

  /**
   * @param pad the largest shift in pixels (0 disables shifting)
   * @param flip whether to flip horizontally with probability ½
   * @param normalizer the normalizer the batches went through, to fill padding with black
   * @param seed the seed of the random shifts and flips
   */
  public Augmentation(int pad, boolean flip, PixelNormalizer normalizer, long seed) {
    if (pad < 0) {
      throw new IllegalArgumentException("pad must not be negative: " + pad);
    }
    this.pad = pad;
    this.flip = flip;
    this.fill = new float[normalizer.mean().length];
    for (int c = 0; c < fill.length; c++) {
      fill[c] = normalizer.apply(c, 0);
    }
    this.random = new Random(seed);
  }

  /** The usual recipe: shifts of up to 2 pixels and horizontal flips. */
  public static Augmentation shiftsAndFlips(PixelNormalizer normalizer, long seed) {
    return new Augmentation(2, true, normalizer, seed);
  }

  @Override
  public synchronized void preProcess(DataSet ds) {
    INDArray features = ds.getFeatures();
    if (features.rank() != 4) {
      throw new IllegalStateException("augmentation needs NCHW image batches, not shape "
          + java.util.Arrays.toString(features.shape()) + " (a flat model input cannot be shifted or flipped)");
    }
    long[] shape = features.shape();
    int n = (int) shape[0], c = (int) shape[1], h = (int) shape[2], w = (int) shape[3];
    float[] in = (features.isView() || features.ordering() != 'c' ? features.dup('c') : features).data().asFloat();
    float[] out = new float[in.length];
    int plane = h * w;
    for (int i = 0; i < n; i++) {
      int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
      int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
      boolean mirror = flip && random.nextBoolean();
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * plane;
        float f = fill[fill.length == 1 ? 0 : ch];
        for (int y = 0; y < h; y++) {
          int sy = y - dy;
          for (int x = 0; x < w; x++) {
            int sx = (mirror ? w - 1 - x : x) - dx;
            out[base + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[base + sy * w + sx] : f;
          }
        }
      }
    }
    ds.setFeatures(ImageSetIterator.toArray(out, shape));
  }
}
