package dev.cnnspec.check;

import static dev.cnnspec.diag.DiagnosticCode.DENSE_ON_SPATIAL;
import static dev.cnnspec.diag.DiagnosticCode.TOO_LARGE;
import static dev.cnnspec.diag.DiagnosticCode.MFM_ODD_CHANNELS;

import dev.cnnspec.model.Op;
import dev.cnnspec.model.Shape;

/**
 * Shape rules of the layers that work on the feature dimension or not at all: dense, flatten,
 * max-feature-map, and the shape-preserving ones (batch norm, dropout, activations).
 *
 * <p>Dense rejects a spatial input (E0405) instead of flattening it implicitly as DL4J's
 * preprocessors would: an implicit flatten hides a large weight matrix from whoever reads the
 * spec, and the channel order it flattens in differs between back ends.
 */
final class FeatureShapes {
  private FeatureShapes() {}

  static ShapeResult dense(String layer, Op.Dense dense, Operand in) {
    if (in.shape() instanceof Shape.Spatial) {
      return ShapeResult.error(DENSE_ON_SPATIAL,
          layer + ": dense needs a flat input but " + in.describe() + " is spatial",
          "insert flatten (or globalavgpool) before dense");
    }
    return ShapeResult.of(Shape.flat(dense.units()));
  }

  static ShapeResult flatten(String layer, Operand in) {
    if (!(in.shape() instanceof Shape.Spatial s)) {
      return ShapeResult.of(in.shape());
    }
    long size = s.elements();
    if (!Dims.fitsInt(size)) {
      return ShapeResult.error(TOO_LARGE,
          layer + ": flattening " + in.describe() + " gives " + size + " units, beyond the largest size "
              + Integer.MAX_VALUE,
          "downsample (pool or stride) before flatten, or use globalavgpool");
    }
    return ShapeResult.of(Shape.flat((int) size));
  }

  static ShapeResult mfm(String layer, Operand in) {
    int n = Dims.features(in.shape());
    if (n % 2 != 0) {
      String word = Dims.featureWord(in.shape());
      return ShapeResult.error(MFM_ODD_CHANNELS,
          layer + ": max-feature-map halves the " + word + " and needs an even count but " + in.describe()
              + " has " + n + " " + word,
          "give the layer before it an even number of " + (in.shape() instanceof Shape.Spatial
              ? "filters" : "units"));
    }
    return ShapeResult.of(in.shape() instanceof Shape.Spatial s
        ? Shape.spatial(s.height(), s.width(), n / 2)
        : Shape.flat(n / 2));
  }

  static ShapeResult same(Operand in) {
    return ShapeResult.of(in.shape());
  }
}
