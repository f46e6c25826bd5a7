package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.GROUPS_MISMATCH;
import static dev.cnnspec.diag.DiagnosticCode.TOO_LARGE;
import static dev.cnnspec.diag.DiagnosticCode.SPATIAL_COLLAPSE;
import static dev.cnnspec.diag.DiagnosticCode.SPATIAL_LAYER_ON_FLAT;
import static dev.cnnspec.diag.DiagnosticCode.UNSUPPORTED_PADDING;

import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.model.WindowPadding;
import java.util.function.Supplier;

/**
 * Shape rules of the layers that slide a window over height and width (conv, pooling) or change
 * them (zero padding, global pooling), with Keras' formulas: {@code same} gives ceil(n / stride),
 * {@code valid} gives floor((n − ((k − 1) · dilation + 1)) / stride) + 1, and explicit padding p
 * (PyTorch's) replaces n by n + 2p there. All of them need a spatial input (E0406); a window that
 * does not fit is E0401; a {@code same} that DL4J cannot compute exactly is E0409
 * ({@link WindowPadding}). A pool's {@code ceil} takes PyTorch's {@code ceil_mode} size
 * ({@link WindowPadding#ceilOutput}), also E0409 where DL4J cannot compute it.
 */
final class SpatialShapes {
  private SpatialShapes() {}

  static ShapeResult conv(String layer, Op.Conv2D conv, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, conv.kind(), in);
    }
    if (conv.grouped() && (s.channels() % conv.groups() != 0 || conv.filters() % conv.groups() != 0)) {
      boolean inputs = s.channels() % conv.groups() != 0;
      return ShapeResult.error(GROUPS_MISMATCH,
          layer + ": conv with groups: " + conv.groups() + " needs input channels and filters divisible by "
              + conv.groups() + ", but its " + (inputs ? "input " + in.describe() + " has " + s.channels()
              + " channels" : "filters are " + conv.filters()),
          inputs ? "use a number of groups that divides " + s.channels() + " (" + divisors(s.channels()) + ")"
              : "use a multiple of " + conv.groups() + " filters, e.g. " + roundUp(conv.filters(), conv.groups()));
    }
    return kernelWindow(layer, s, conv, conv.filters());
  }

  /** Same shape; the channels must split into {@code groups} equal groups. */
  static ShapeResult channelShuffle(String layer, Op.ChannelShuffle shuffle, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, shuffle.kind(), in);
    }
    if (s.channels() % shuffle.groups() != 0) {
      return ShapeResult.error(GROUPS_MISMATCH,
          layer + ": channel_shuffle(" + shuffle.groups() + ") needs a channel count divisible by "
              + shuffle.groups() + ", but " + in.describe() + " has " + s.channels() + " channels",
          "use a number of groups that divides " + s.channels() + " (" + divisors(s.channels()) + ")");
    }
    return ShapeResult.of(s);
  }

  /** C / parts channels; C must split into equal parts. */
  static ShapeResult channelSplit(String layer, Op.ChannelSplit split, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, split.kind(), in);
    }
    if (s.channels() % split.parts() != 0) {
      return ShapeResult.error(GROUPS_MISMATCH,
          layer + ": channel_split into " + split.parts() + " parts needs a channel count divisible by "
              + split.parts() + ", but " + in.describe() + " has " + s.channels() + " channels",
          "split into a number of parts that divides " + s.channels() + " (" + divisors(s.channels()) + ")");
    }
    return ShapeResult.of(Shape.spatial(s.height(), s.width(), s.channels() / split.parts()));
  }

  /**
   * The smallest divisors of n, up to 12 of them, for a hint ("1, 2, 3, 4, 6, 12"). Pairs k and n / k
   * up to √n: counting k up to n never ended for n = Integer.MAX_VALUE (k overflowed) and took
   * seconds for any channel count near it, which the malformed-spec fuzzer reached.
   */
  static String divisors(int n) {
    java.util.TreeSet<Integer> d = new java.util.TreeSet<>();
    for (int k = 1; (long) k * k <= n; k++) {
      if (n % k == 0) {
        d.add(k);
        d.add(n / k);
      }
    }
    return d.stream().limit(12).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
  }

  private static long roundUp(int n, int multiple) {
    return ((long) n + multiple - 1) / multiple * multiple;
  }

  /** C_in · multiplier output channels. */
  static ShapeResult depthwiseConv(String layer, Op.DepthwiseConv2D conv, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, conv.kind(), in);
    }
    long channels = (long) s.channels() * conv.multiplier();
    if (!Dims.fitsInt(channels)) {
      return ShapeResult.error(TOO_LARGE,
          layer + ": " + s.channels() + " channels × multiplier " + conv.multiplier() + " gives " + channels
              + " channels, beyond the largest size " + Integer.MAX_VALUE,
          "use a smaller multiplier");
    }
    return kernelWindow(layer, s, conv, (int) channels);
  }

  static ShapeResult separableConv(String layer, Op.SeparableConv2D conv, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, conv.kind(), in);
    }
    return kernelWindow(layer, s, conv, conv.filters());
  }

  private static ShapeResult kernelWindow(String layer, Shape.Spatial s, Op.Windowed conv, int channels) {
    Size2D k = conv.window();
    Size2D d = conv.dilation();
    return window(layer, s, conv, channels,
        () -> k + " kernel" + (d.equals(Size2D.square(1)) ? ""
            : " with dilation " + d + " (spanning " + Dims.span(k.height(), d.height()) + "×"
                + Dims.span(k.width(), d.width()) + ")"),
        "use padding: same or a smaller kernel");
  }

  static ShapeResult pool(String layer, Op.Pool2D pool, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, pool.kind(), in);
    }
    return window(layer, s, pool, s.channels(), () -> pool.pool() + " pool window",
        "use padding: same or a smaller pool window");
  }

  static ShapeResult zeroPad(String layer, Op.ZeroPad pad, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, pad.kind(), in);
    }
    long h = (long) s.height() + pad.top() + pad.bottom();
    long w = (long) s.width() + pad.left() + pad.right();
    if (!Dims.fitsInt(h) || !Dims.fitsInt(w)) {
      return ShapeResult.error(TOO_LARGE,
          layer + ": padding " + Dims.hw(s) + " gives " + h + "×" + w + ", beyond the largest size "
              + Integer.MAX_VALUE,
          "use a smaller padding");
    }
    return ShapeResult.of(Shape.spatial((int) h, (int) w, s.channels()));
  }

  static ShapeResult globalPool(String layer, Op.GlobalPool pool, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, pool.kind(), in);
    }
    return ShapeResult.of(pool.keep() ? Shape.spatial(1, 1, s.channels()) : Shape.flat(s.channels()));
  }

  static ShapeResult upsample(String layer, Op.Upsample2D up, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, up.kind(), in);
    }
    return sized(layer, (long) s.height() * up.size().height(), (long) s.width() * up.size().width(), s.channels(),
        "upsampling " + Dims.hw(s) + " by " + up.size(), "upsample by a smaller factor");
  }

  /** n·stride under same, else (n − 1)·stride + k − 2·pad, which must be at least 1. */
  static ShapeResult convTranspose(String layer, Op.ConvTranspose2D conv, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, conv.kind(), in);
    }
    long h;
    long w;
    if (conv.padding() == Padding.SAME) {
      // DL4J's Deconvolution2D pads (kernel − stride) / 2 under Same: negative from stride ≥ kernel + 2,
      // which oneDNN refuses in the backward pass and the plain path computes other values than
      // Keras's and ONNX's. Truncate with padding cannot give n·stride either (that would need
      // output padding, which M2.1's layer lacks), so there is no DL4J form of it.
      if (conv.stride().height() - conv.kernel().height() >= 2 || conv.stride().width() - conv.kernel().width() >= 2) {
        Size2D st = conv.stride();
        String stride = st.height() == st.width() ? "" + st.height() : "[" + st.height() + ", " + st.width() + "]";
        return ShapeResult.error(UNSUPPORTED_PADDING,
            layer + ": padding: same of a transposed " + conv.kernel() + " kernel with stride " + conv.stride()
                + " (more than one above the kernel) has no DL4J form: its Same mode would pad by a negative amount",
            "use a kernel of at least stride − 1, e.g. conv_transpose(" + conv.filters() + ", " + stride
                + ", stride: " + stride + ", padding: same), or padding: valid for (n − 1)·stride + kernel");
      }
      h = (long) s.height() * conv.stride().height();
      w = (long) s.width() * conv.stride().width();
    } else {
      h = (long) (s.height() - 1) * conv.stride().height() + conv.kernel().height() - 2L * conv.pad().height();
      w = (long) (s.width() - 1) * conv.stride().width() + conv.kernel().width() - 2L * conv.pad().width();
    }
    if (h <= 0 || w <= 0) {
      return ShapeResult.error(SPATIAL_COLLAPSE,
          layer + ": padding " + conv.pad() + " crops all of the " + h + "×" + w + " output of the transposed "
              + conv.kernel() + " kernel on its " + Dims.hw(s) + " input",
          "use less padding or a larger kernel or stride");
    }
    return sized(layer, h, w, conv.filters(), "the transposed convolution of " + Dims.hw(s), "use a smaller stride");
  }

  private static ShapeResult sized(String layer, long h, long w, int channels, String what, String hint) {
    if (!Dims.fitsInt(h) || !Dims.fitsInt(w)) {
      return ShapeResult.error(TOO_LARGE,
          layer + ": " + what + " gives " + h + "×" + w + ", beyond the largest size " + Integer.MAX_VALUE, hint);
    }
    return ShapeResult.of(Shape.spatial((int) h, (int) w, channels));
  }

  private static ShapeResult window(String layer, Shape.Spatial in, Op.Windowed op, int channels,
      Supplier<String> what, String hint) {
    Size2D kernel = op.window();
    Size2D stride = op.stride();
    Size2D dilation = op.dilation();
    Size2D pad = op.pad();
    long h;
    long w;
    if (op.padding() == Padding.SAME) {
      if (WindowPadding.of(op, in).isEmpty()) {
        return ShapeResult.error(UNSUPPORTED_PADDING,
            layer + ": padding: same of a " + what.get() + " with stride " + stride + " on a " + Dims.hw(in)
                + " input pads one dimension unevenly while the stride skips input in the other;"
                + " DL4J has no padding that computes this",
            "give explicit padding, e.g. padding: [" + kernel.height() / 2 + ", " + kernel.width() / 2
                + "], or a stride no larger than the window");
      }
      h = Dims.same(in.height(), stride.height());
      w = Dims.same(in.width(), stride.width());
    } else {
      h = Dims.valid(in.height() + 2L * pad.height(), Dims.span(kernel.height(), dilation.height()), stride.height());
      w = Dims.valid(in.width() + 2L * pad.width(), Dims.span(kernel.width(), dilation.width()), stride.width());
    }
    boolean ceil = op instanceof Op.Pool2D p && p.ceil() && op.padding() == Padding.VALID;
    if (ceil && h > 0 && w > 0) {
      h = WindowPadding.ceilOutput(in.height(), kernel.height(), stride.height(), pad.height());
      w = WindowPadding.ceilOutput(in.width(), kernel.width(), stride.width(), pad.width());
    }
    if (h <= 0 || w <= 0) {
      boolean padded = pad.height() > 0 || pad.width() > 0;
      return ShapeResult.error(SPATIAL_COLLAPSE,
          layer + ": " + what.get() + " is larger than its " + Dims.hw(in) + " input under "
              + (padded ? "padding " + pad : "valid padding"), hint);
    }
    if (!Dims.fitsInt(h) || !Dims.fitsInt(w)) {
      return ShapeResult.error(TOO_LARGE,
          layer + ": padding " + pad + " gives " + h + "×" + w + ", beyond the largest size " + Integer.MAX_VALUE,
          "use a smaller padding");
    }
    if (ceil && WindowPadding.of(op, in).isEmpty()) {
      return ShapeResult.error(UNSUPPORTED_PADDING,
          layer + ": ceil: true of a " + what.get() + " with stride " + stride + " and padding " + pad + " on a "
              + Dims.hw(in) + " input gives " + h + "×" + w + ", whose last windows run past the input by more"
              + " than DL4J's one-sided Same padding covers (one pixel, and only without explicit padding)",
          "remove ceil: true for the floor size, or drop the explicit padding / change the input size so that"
              + " the last window lacks at most one pixel");
    }
    return ShapeResult.of(Shape.spatial((int) h, (int) w, channels));
  }

  private static ShapeResult onFlat(String layer, String kind, Operand in) {
    return ShapeResult.error(SPATIAL_LAYER_ON_FLAT,
        layer + ": " + kind + " needs a spatial (height, width, channels) input but " + in.describe()
            + " is flat",
        "apply " + kind + " before flatten/globalavgpool/dense, or remove the layer");
  }
}
