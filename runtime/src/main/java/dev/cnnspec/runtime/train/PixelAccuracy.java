package dev.cnnspec.runtime.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The accuracy of a per-pixel head: the share of pixels whose highest-scoring channel is their
 * labelled class, over [N, C, H, W] predictions and one-hot labels; and the figure it has to beat,
 * the share of the most frequent class (what predicting that class everywhere scores).
 */
public final class PixelAccuracy {
  private PixelAccuracy() {}

  public static double of(INDArray predictions, INDArray labels) {
    requirePerPixel(predictions, labels);
    INDArray predicted = predictions.argMax(1);
    INDArray actual = labels.argMax(1);
    return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
  }

  /** The share of pixels of the most frequent class in {@code labels}. */
  public static double majorityBaseline(INDArray labels) {
    requirePerPixel(labels, labels);
    INDArray perClass = labels.sum(0, 2, 3);
    return perClass.maxNumber().doubleValue() / perClass.sumNumber().doubleValue();
  }

  private static void requirePerPixel(INDArray predictions, INDArray labels) {
    if (predictions.rank() != 4 || !java.util.Arrays.equals(predictions.shape(), labels.shape())) {
      throw new IllegalArgumentException("per-pixel accuracy needs [N, C, H, W] predictions and labels of one shape,"
          + " got " + java.util.Arrays.toString(predictions.shape()) + " and " + java.util.Arrays.toString(labels.shape()));
    }
  }
}
