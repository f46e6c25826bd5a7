package dev.cnnspec.check;

import dev.cnnspec.model.Op;
import java.util.List;

/**
 * Picks the shape rule for an op. The op's arity and arguments have been validated before this
 * runs ({@link OpArguments}, {@link Wiring}), so the rules may assume a sane op and the right
 * number of operands.
 */
final class ShapeInference {
  private ShapeInference() {}

  static ShapeResult infer(String layer, Op op, List<Operand> in) {
    Operand first = in.get(0);
    if (op instanceof Op.Conv2D c) {
      return SpatialShapes.conv(layer, c, first);
    } else if (op instanceof Op.Pool2D p) {
      return SpatialShapes.pool(layer, p, first);
    } else if (op instanceof Op.ZeroPad z) {
      return SpatialShapes.zeroPad(layer, z, first);
    } else if (op instanceof Op.GlobalPool g) {
      return SpatialShapes.globalPool(layer, g, first);
    } else if (op instanceof Op.Dense d) {
      return FeatureShapes.dense(layer, d, first);
    } else if (op instanceof Op.Flatten) {
      return FeatureShapes.flatten(layer, first);
    } else if (op instanceof Op.Mfm) {
      return FeatureShapes.mfm(layer, first);
    } else if (op instanceof Op.Add) {
      return MergeShapes.add(layer, in);
    } else if (op instanceof Op.Concat) {
      return MergeShapes.concat(layer, in);
    } else if (op instanceof Op.BatchNorm || op instanceof Op.Dropout || op instanceof Op.ActivationOp) {
      return FeatureShapes.same(first);
    }
    throw new IllegalStateException("no shape rule for " + op);
  }
}
