package dev.cnnspec.model;

import java.util.Optional;

/**
 * How a back end with DL4J's padding vocabulary — a {@code Same} mode, or symmetric explicit
 * padding with {@code Truncate} — realises a conv's or pool's padding so that it computes exactly
 * the output size the checker inferred. Shared by both DL4J back ends (and the checker, which
 * rejects what neither can express), as {@link OutputFusion} is, so the rule exists once.
 *
 * <p>{@code same} follows Keras/TensorFlow: output ⌈n / stride⌉, total padding
 * {@code (out − 1)·stride + span − n} with the odd pixel at the bottom/right, which is also what
 * DL4J's {@code Same} mode computes — while that total is not negative. When the stride exceeds
 * the window ({@code conv(4, 1, stride: 4, padding: same)}) the total is negative: Keras pads 0,
 * but DL4J's {@code Same} mode fails ("Invalid padding values calculated: [-1, -1]", for pooling
 * only at the first backward pass). Then every dimension with a total ≤ 0 needs no padding (the
 * last window fits, so valid gives ⌈n / stride⌉ too) and one with an even total gets half on each
 * side under {@code Truncate}; an odd total beside a negative one has no such form (empty).
 *
 * @param sameMode use DL4J's {@code ConvolutionMode.Same} (with no explicit padding)
 * @param height rows of zeros above and below, under {@code Truncate}
 * @param width columns of zeros left and right, under {@code Truncate}
 */
public record WindowPadding(boolean sameMode, int height, int width) {

  public static Optional<WindowPadding> of(Op.Windowed op, Shape.Spatial in) {
    return of(op.padding(), op.pad(), op.window(), op.stride(), op.dilation(), in);
  }

  public static Optional<WindowPadding> of(Padding padding, Size2D pad, Size2D window, Size2D stride, Size2D dilation,
      Shape.Spatial in) {
    if (padding == Padding.VALID) {
      return Optional.of(new WindowPadding(false, pad.height(), pad.width()));
    }
    long h = sameTotal(in.height(), span(window.height(), dilation.height()), stride.height());
    long w = sameTotal(in.width(), span(window.width(), dilation.width()), stride.width());
    if (h >= 0 && w >= 0) {
      return Optional.of(new WindowPadding(true, 0, 0));
    }
    if (h > 0 && h % 2 != 0 || w > 0 && w % 2 != 0) {
      return Optional.empty();
    }
    return Optional.of(new WindowPadding(false, (int) Math.max(0, h / 2), (int) Math.max(0, w / 2)));
  }

  /** True when the back end needs explicit padding ({@code .padding(h, w)}). */
  public boolean explicit() {
    return height != 0 || width != 0;
  }

  /** Keras {@code same}'s total padding of one dimension; negative when the stride skips input. */
  static long sameTotal(long n, long span, int stride) {
    long out = (n + stride - 1) / stride;
    return (out - 1) * stride + span - n;
  }

  private static long span(int window, int dilation) {
    return (long) (window - 1) * dilation + 1;
  }
}
