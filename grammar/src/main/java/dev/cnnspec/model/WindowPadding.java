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
 * <p>A pool with {@code ceil} (PyTorch's {@code ceil_mode}) whose last window runs past the input
 * needs one-sided padding, which {@code Truncate} cannot give. With no explicit padding and exactly
 * one missing pixel, DL4J's {@code Same} mode pads 0 above/left and 1 below/right and so computes
 * the same windows (a max ignores the padded cell; an average must then divide by the in-bounds
 * count, as PyTorch does for that window: {@link #countsPad}). Where no window runs past, ceil
 * equals floor. Everything else has no DL4J form (empty).
 *
 * @param sameMode use DL4J's {@code ConvolutionMode.Same} (with no explicit padding)
 * @param height rows of zeros above and below, under {@code Truncate}
 * @param width columns of zeros left and right, under {@code Truncate}
 */
public record WindowPadding(boolean sameMode, int height, int width) {

  public static Optional<WindowPadding> of(Op.Windowed op, Shape.Spatial in) {
    Optional<WindowPadding> floor = of(op.padding(), op.pad(), op.window(), op.stride(), op.dilation(), in);
    if (op instanceof Op.Pool2D p && p.ceil() && p.padding() == Padding.VALID) {
      return floor.flatMap(f -> ceil(p, in, f));
    }
    return floor;
  }

  /**
   * PyTorch's ceil-mode output size of one dimension: ⌈(n + 2·pad − span) / stride⌉ + 1, less one
   * when the last window would start beyond the input and its left padding; 0 when no window fits.
   */
  public static long ceilOutput(long n, long span, int stride, int pad) {
    long room = n + 2L * pad - span;
    if (room < 0) {
      return 0;
    }
    long out = (room + stride - 1) / stride + 1;
    return (out - 1) * stride >= n + pad ? out - 1 : out;
  }

  /**
   * Whether DL4J's average must divide by the whole window: the pool's {@code countPad}, except for
   * the cell {@code Same} mode adds for ceil, which PyTorch never counts.
   */
  public static boolean countsPad(Op.Pool2D pool, WindowPadding padding) {
    return pool.countPad() && !(pool.ceil() && padding.sameMode());
  }

  private static Optional<WindowPadding> ceil(Op.Pool2D p, Shape.Spatial in, WindowPadding floor) {
    boolean h = partial(in.height(), p.pool().height(), p.stride().height(), p.pad().height());
    boolean w = partial(in.width(), p.pool().width(), p.stride().width(), p.pad().width());
    if (!h && !w) {
      return Optional.of(floor);
    }
    if (sameIsCeil(in.height(), p.pool().height(), p.stride().height(), p.pad().height())
        && sameIsCeil(in.width(), p.pool().width(), p.stride().width(), p.pad().width())) {
      return Optional.of(new WindowPadding(true, 0, 0));
    }
    return Optional.empty();
  }

  /** Whether ceil mode adds a last window that runs past the (padded) input. */
  private static boolean partial(long n, int window, int stride, int pad) {
    long room = n + 2L * pad - window;
    return room >= 0 && ceilOutput(n, window, stride, pad) > room / stride + 1;
  }

  /** Same pads 0 before and at most 1 after, and yields ceil mode's count. */
  private static boolean sameIsCeil(long n, int window, int stride, int pad) {
    long total = sameTotal(n, window, stride);
    return pad == 0 && (total == 0 || total == 1) && (n + stride - 1) / stride == ceilOutput(n, window, stride, 0);
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
