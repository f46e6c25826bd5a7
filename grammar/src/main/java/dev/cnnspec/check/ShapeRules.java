package dev.cnnspec.check;

import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import java.util.List;

/**
 * The shape rule of each op, as an {@link OpVisitor} so that an op without a rule does not
 * compile. The op's arity and arguments have been validated before this runs ({@link OpArguments},
 * {@link Wiring}), so the rules may assume a sane op and the right number of operands. The rules
 * themselves live by family in {@link SpatialShapes}, {@link FeatureShapes} and {@link MergeShapes}.
 */
final class ShapeRules implements OpVisitor<ShapeResult> {
  private final String layer;
  private final List<Operand> in;

  private ShapeRules(String layer, List<Operand> in) {
    this.layer = layer;
    this.in = in;
  }

  static ShapeResult infer(String layer, Op op, List<Operand> in) {
    return op.accept(new ShapeRules(layer, in));
  }

  private Operand first() {
    return in.get(0);
  }

  @Override
  public ShapeResult conv(Op.Conv2D op) {
    return SpatialShapes.conv(layer, op, first());
  }

  @Override
  public ShapeResult depthwiseConv(Op.DepthwiseConv2D op) {
    return SpatialShapes.depthwiseConv(layer, op, first());
  }

  @Override
  public ShapeResult separableConv(Op.SeparableConv2D op) {
    return SpatialShapes.separableConv(layer, op, first());
  }

  @Override
  public ShapeResult convTranspose(Op.ConvTranspose2D op) {
    return SpatialShapes.convTranspose(layer, op, first());
  }

  @Override
  public ShapeResult upsample(Op.Upsample2D op) {
    return SpatialShapes.upsample(layer, op, first());
  }

  @Override
  public ShapeResult pool(Op.Pool2D op) {
    return SpatialShapes.pool(layer, op, first());
  }

  @Override
  public ShapeResult globalPool(Op.GlobalPool op) {
    return SpatialShapes.globalPool(layer, op, first());
  }

  @Override
  public ShapeResult zeroPad(Op.ZeroPad op) {
    return SpatialShapes.zeroPad(layer, op, first());
  }

  @Override
  public ShapeResult dense(Op.Dense op) {
    return FeatureShapes.dense(layer, op, first());
  }

  @Override
  public ShapeResult dropout(Op.Dropout op) {
    return FeatureShapes.same(first());
  }

  @Override
  public ShapeResult batchNorm(Op.BatchNorm op) {
    return FeatureShapes.same(first());
  }

  @Override
  public ShapeResult flatten(Op.Flatten op) {
    return FeatureShapes.flatten(layer, first());
  }

  @Override
  public ShapeResult activation(Op.ActivationOp op) {
    return FeatureShapes.same(first());
  }

  @Override
  public ShapeResult prelu(Op.PRelu op) {
    return FeatureShapes.same(first());
  }

  @Override
  public ShapeResult mfm(Op.Mfm op) {
    return FeatureShapes.mfm(layer, first());
  }

  @Override
  public ShapeResult channelShuffle(Op.ChannelShuffle op) {
    return SpatialShapes.channelShuffle(layer, op, first());
  }

  @Override
  public ShapeResult channelSplit(Op.ChannelSplit op) {
    return SpatialShapes.channelSplit(layer, op, first());
  }

  @Override
  public ShapeResult add(Op.Add op) {
    return MergeShapes.add(layer, in);
  }

  @Override
  public ShapeResult multiply(Op.Multiply op) {
    return MergeShapes.multiply(layer, in);
  }

  @Override
  public ShapeResult concat(Op.Concat op) {
    return MergeShapes.concat(layer, in);
  }
}
