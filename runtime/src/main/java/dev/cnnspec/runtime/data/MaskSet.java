package dev.cnnspec.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grey images with a class per pixel, as {@link MaskFiles} reads them: the training data of a
 * per-pixel head. {@link #dataSet} gives DL4J's form, features [N, 1, H, W] scaled to [0, 1] and
 * one-hot labels [N, classes, H, W], which a {@code CnnLossLayer} scores pixel by pixel.
 */
public final class MaskSet {
  private final byte[] pixels;
  private final byte[] masks;
  private final int count;
  private final int height;
  private final int width;
  private final int classes;

  MaskSet(byte[] pixels, byte[] masks, int count, int height, int width, int classes) {
    this.pixels = pixels;
    this.masks = masks;
    this.count = count;
    this.height = height;
    this.width = width;
    this.classes = classes;
  }

  public int size() {
    return count;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int classes() {
    return classes;
  }

  /** The class of pixel (y, x) of image {@code i}. */
  public int label(int i, int y, int x) {
    return masks[(i * height + y) * width + x] & 0xFF;
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive) as features and one-hot per-pixel labels. */
  public DataSet dataSet(int from, int to) {
    if (from < 0 || to > count || from >= to) {
      throw new IllegalArgumentException("images " + from + ".." + to + " of a set of " + count);
    }
    int n = to - from;
    int plane = height * width;
    float[] features = new float[n * plane];
    float[] labels = new float[n * classes * plane];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < plane; p++) {
        int at = (from + i) * plane + p;
        features[i * plane + p] = (pixels[at] & 0xFF) / 255f;
        labels[(i * classes + (masks[at] & 0xFF)) * plane + p] = 1f;
      }
    }
    return new DataSet(
        Nd4j.create(features, new long[] {n, 1, height, width}, 'c').castTo(DataType.FLOAT),
        Nd4j.create(labels, new long[] {n, classes, height, width}, 'c').castTo(DataType.FLOAT));
  }
}
