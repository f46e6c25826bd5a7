package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.ADD_SHAPE_MISMATCH;
import static dev.cnnspec.diag.DiagnosticCode.CONCAT_SHAPE_MISMATCH;
import static dev.cnnspec.diag.DiagnosticCode.TOO_LARGE;
import static dev.cnnspec.diag.DiagnosticCode.RANK_MISMATCH;

import dev.cnnspec.model.Shape;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Shape rules of the layers that merge several tensors: {@code add} needs identical shapes,
 * {@code concat} joins on channels (or units) and needs every other dimension equal. Both reject a
 * mix of spatial and flat inputs first (E0407), since comparing sizes across ranks says nothing
 * useful. Messages list every operand, because the fix is usually on the odd one out.
 */
final class MergeShapes {
  private MergeShapes() {}

  static ShapeResult add(String layer, List<Operand> in) {
    Shape gated = gated(in);
    if (gated != null) {
      return ShapeResult.of(gated);
    }
    ShapeResult rank = sameRank(layer, "add", in);
    if (rank != null) {
      return rank;
    }
    Shape first = in.get(0).shape();
    for (Operand o : in) {
      if (!o.shape().equals(first)) {
        return ShapeResult.error(ADD_SHAPE_MISMATCH,
            layer + ": add needs inputs of one shape but got " + list(in),
            first instanceof Shape.Spatial
                ? "make the shapes equal, e.g. project the shortcut with conv(filters, 1, stride: s)"
                : "make the unit counts equal, e.g. with a dense layer on the shortcut");
      }
    }
    return ShapeResult.of(first);
  }

  /** Two equal shapes, or [H, W, C] with a gate [1, 1, C] or [C] (in either order): the larger. */
  static ShapeResult multiply(String layer, List<Operand> in) {
    Shape a = in.get(0).shape();
    Shape b = in.get(1).shape();
    if (a.equals(b)) {
      return ShapeResult.of(a);
    }
    Shape gated = gated(in);
    if (gated != null) {
      return ShapeResult.of(gated);
    }
    return ShapeResult.error(ADD_SHAPE_MISMATCH,
        layer + ": multiply needs two tensors of one shape, or a tensor and a per-channel gate ([1, 1, C] or [C])"
            + " but got " + list(in),
        "gate with as many channels as the tensor has, e.g. globalavgpool -> dense(C, activation: sigmoid)");
  }

  /**
   * The shape of two operands one of which is a per-channel gate of the other ([H, W, C] with
   * [1, 1, C] or [C]), or null when they are not such a pair (including equal shapes).
   */
  static Shape gated(List<Operand> in) {
    if (in.size() != 2) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      Shape big = in.get(i).shape();
      Shape gate = in.get(1 - i).shape();
      if (big.equals(gate) || !(big instanceof Shape.Spatial s)) {
        continue;
      }
      boolean perChannel = gate instanceof Shape.Spatial g ? g.height() == 1 && g.width() == 1 && g.channels() == s.channels()
          : ((Shape.Flat) gate).size() == s.channels();
      if (perChannel) {
        return big;
      }
    }
    return null;
  }

  static ShapeResult concat(String layer, List<Operand> in) {
    ShapeResult rank = sameRank(layer, "concat", in);
    if (rank != null) {
      return rank;
    }
    long features = 0;
    for (Operand o : in) {
      features += Dims.features(o.shape());
    }
    if (in.get(0).shape() instanceof Shape.Spatial first) {
      for (Operand o : in) {
        Shape.Spatial s = (Shape.Spatial) o.shape();
        if (s.height() != first.height() || s.width() != first.width()) {
          return ShapeResult.error(CONCAT_SHAPE_MISMATCH,
              layer + ": concat joins channels and needs one height × width but got " + list(in),
              "make the spatial sizes equal, e.g. with padding: same or matching strides on every branch");
        }
      }
    }
    if (!Dims.fitsInt(features)) {
      return ShapeResult.error(TOO_LARGE,
          layer + ": concat gives " + features + " " + Dims.featureWord(in.get(0).shape())
              + ", beyond the largest size " + Integer.MAX_VALUE,
          "concatenate fewer or narrower tensors");
    }
    return ShapeResult.of(in.get(0).shape() instanceof Shape.Spatial s
        ? Shape.spatial(s.height(), s.width(), (int) features)
        : Shape.flat((int) features));
  }

  private static ShapeResult sameRank(String layer, String kind, List<Operand> in) {
    boolean spatial = in.get(0).shape() instanceof Shape.Spatial;
    for (Operand o : in) {
      if ((o.shape() instanceof Shape.Spatial) != spatial) {
        return ShapeResult.error(RANK_MISMATCH,
            layer + ": " + kind + " needs inputs that are all spatial or all flat but got " + list(in),
            "flatten (or globalavgpool) the spatial inputs before " + kind);
      }
    }
    return null;
  }

  private static String list(List<Operand> in) {
    return in.stream().map(Operand::describe).collect(Collectors.joining(", "));
  }
}
