package dev.cnnspec.check;

import dev.cnnspec.model.Shape;

/**
 * Dimension arithmetic shared by the shape rules. Sizes are computed in {@code long} and narrowed
 * only after a range check, so that an absurd spec (a 100,000-filter concat of 100,000 inputs)
 * becomes a diagnostic instead of a silently wrapped negative size.
 */
final class Dims {
  private Dims() {}

  /** Keras {@code same}: ceil(n / stride). */
  static long same(long n, int stride) {
    return (n + stride - 1) / stride;
  }

  /** Keras {@code valid}: floor((n − span) / stride) + 1, ≤ 0 when the window does not fit. */
  static long valid(long n, int span, int stride) {
    long room = n - span;
    return room < 0 ? 0 : room / stride + 1;
  }

  /** The extent of a dilated window: (k − 1) · dilation + 1. */
  static int span(int kernel, int dilation) {
    long span = (long) (kernel - 1) * dilation + 1;
    return span > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) span;
  }

  static boolean fitsInt(long n) {
    return n >= 1 && n <= Integer.MAX_VALUE;
  }

  /** The channel count of a spatial tensor or the unit count of a flat one. */
  static int features(Shape shape) {
    return shape instanceof Shape.Spatial s ? s.channels() : ((Shape.Flat) shape).size();
  }

  /** "channels" or "units", as the user thinks of the last dimension of this shape. */
  static String featureWord(Shape shape) {
    return shape instanceof Shape.Spatial ? "channels" : "units";
  }

  static String hw(Shape.Spatial s) {
    return s.height() + "×" + s.width();
  }
}
