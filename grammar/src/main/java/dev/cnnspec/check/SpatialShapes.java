package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.TOO_LARGE;
import static dev.cnnspec.diag.DiagnosticCode.SPATIAL_COLLAPSE;
import static dev.cnnspec.diag.DiagnosticCode.SPATIAL_LAYER_ON_FLAT;

import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import java.util.function.Supplier;

/**
 * Shape rules of the layers that slide a window over height and width (conv, pooling) or change
 * them (zero padding, global pooling), with Keras' formulas: {@code same} gives ceil(n / stride),
 * {@code valid} gives floor((n − ((k − 1) · dilation + 1)) / stride) + 1. All of them need a
 * spatial input (E0406); a window that does not fit under valid padding is E0401.
 */
final class SpatialShapes {
  private SpatialShapes() {}

  static ShapeResult conv(String layer, Op.Conv2D conv, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, conv.kind(), in);
    }
    return window(layer, s, conv.kernel(), conv.stride(), conv.dilation(), conv.padding(), conv.filters(),
        () -> conv.kernel() + " kernel" + (conv.dilation().equals(Size2D.square(1)) ? ""
            : " with dilation " + conv.dilation() + " (spanning "
                + Dims.span(conv.kernel().height(), conv.dilation().height()) + "×"
                + Dims.span(conv.kernel().width(), conv.dilation().width()) + ")"),
        "use padding: same or a smaller kernel");
  }

  static ShapeResult pool(String layer, Op.Pool2D pool, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return onFlat(layer, pool.kind(), in);
    }
    return window(layer, s, pool.pool(), pool.stride(), Size2D.square(1), pool.padding(), s.channels(),
        () -> pool.pool() + " pool window", "use padding: same or a smaller pool window");
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
    return ShapeResult.of(Shape.flat(s.channels()));
  }

  private static ShapeResult window(String layer, Shape.Spatial in, Size2D kernel, Size2D stride,
      Size2D dilation, Padding padding, int channels, Supplier<String> what, String hint) {
    long h;
    long w;
    if (padding == Padding.SAME) {
      h = Dims.same(in.height(), stride.height());
      w = Dims.same(in.width(), stride.width());
    } else {
      h = Dims.valid(in.height(), Dims.span(kernel.height(), dilation.height()), stride.height());
      w = Dims.valid(in.width(), Dims.span(kernel.width(), dilation.width()), stride.width());
    }
    if (h <= 0 || w <= 0) {
      return ShapeResult.error(SPATIAL_COLLAPSE,
          layer + ": " + what.get() + " is larger than its " + Dims.hw(in) + " input under valid padding", hint);
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
