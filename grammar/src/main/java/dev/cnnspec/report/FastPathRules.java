package dev.cnnspec.report;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Shape;

/**
 * Which layers the runtime's fast path runs with its own helpers instead of DL4J's, said on the
 * network model. The runtime's {@code GraphTuning} decides on the built DL4J graph (the generated
 * classes hand it no model); {@code FastPathRulesTest} (runtime) builds and tunes graphs and fails
 * where a rule here and the helper GraphTuning installed disagree. The memory each helper's layers
 * allocate is declared beside it, in {@link Dl4jKernel}.
 */
public final class FastPathRules {
  private FastPathRules() {}

  /**
   * {@code DnnlConvHelper} without the input gradient: a plain (ungrouped) convolution every input of
   * which is a network input that nothing else reads. Its backward pass leaves out the gradient with respect to that
   * input (DL4J would add another reader's gradient to the null it returns, hence "nothing else").
   */
  public static boolean skipsInputGradient(NetworkModel model, LayerModel layer) {
    if (!(layer.op() instanceof Op.Conv2D c) || c.grouped() || layer.node().inputs().isEmpty()) {
      return false;
    }
    for (String in : layer.node().inputs()) {
      if (model.inputs().stream().noneMatch(i -> i.name().equals(in)) || readers(model, in) != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code HostBatchNormHelper}: batch norm of a spatial tensor (rank 4, NCHW float in DL4J). A
   * flat one goes to DL4J's oneDNN helper as before.
   */
  public static boolean hostBatchNorm(LayerModel layer, Shape in) {
    return layer.op() instanceof Op.BatchNorm && in instanceof Shape.Spatial;
  }

  /**
   * {@code AddVertex}: an add of at least two inputs of one shape (DL4J's {@code ElementWiseVertex}, not
   * the runtime's broadcasting vertex), which writes the sum in one pass.
   */
  public static boolean onePassAdd(NetworkModel model, LayerModel layer) {
    java.util.List<String> inputs = layer.node().inputs();
    return layer.op() instanceof Op.Add && inputs.size() >= 2
        && inputs.stream().map(i -> model.shapeOf(i).orElse(null)).distinct().count() == 1;
  }

  /**
   * {@code FusedReluLayer}: a plain ReLU layer whose input is a batch norm on {@code HostBatchNormHelper}
   * ({@link #hostBatchNorm}) or a one-pass add ({@link #onePassAdd}) that nothing else reads (nor is a
   * network output). In training the source writes the rectified values and the ReLU layer hands that
   * array on, allocating no output of its own; its backward still writes one gradient, for the source.
   */
  public static boolean fusesRelu(NetworkModel model, LayerModel layer) {
    if (!(layer.op() instanceof Op.ActivationOp a) || a.activation() != dev.cnnspec.model.Activation.RELU
        || layer.node().inputs().size() != 1) {
      return false;
    }
    String in = layer.node().inputs().get(0);
    LayerModel source = model.layers().stream().filter(l -> l.name().equals(in)).findFirst().orElse(null);
    return source != null && (source.node().inputs().size() == 1
        && hostBatchNorm(source, model.shapeOf(source.node().inputs().get(0)).orElse(null))
        || onePassAdd(model, source))
        && readers(model, in) == 1 && model.outputs().stream().noneMatch(o -> o.node().source().equals(in));
  }

  /**
   * The runtime's {@code MaxPoolKernel} (in {@code NativePoolingLayer}): max pooling with at most
   * 256 cells per window and explicit padding smaller than the window. In training its forward pass
   * keeps one byte per output, each window's winner, beside the output until backprop.
   */
  public static boolean keepsPoolWinners(Op.Pool2D pool) {
    return pool.type() == dev.cnnspec.model.PoolType.MAX
        && (long) pool.pool().height() * pool.pool().width() <= 256
        && pool.pad().height() < pool.pool().height() && pool.pad().width() < pool.pool().width();
  }

  /** DL4J's output connections of a tensor: one per layer input naming it. */
  static int readers(NetworkModel model, String tensor) {
    int n = 0;
    for (LayerModel l : model.layers()) {
      n += (int) l.node().inputs().stream().filter(tensor::equals).count();
    }
    return n;
  }
}
