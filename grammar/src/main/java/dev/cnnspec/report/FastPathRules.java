package dev.cnnspec.report;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;

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
   * {@code InputConvHelper}: a plain (ungrouped) convolution every input of which is a network
   * input that nothing else reads. Its backward pass leaves out the gradient with respect to that
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
   * Where {@code InputConvHelper} computes the weight gradient itself, as a forward convolution of
   * the input with the output gradient: stride 1, dilation 1 and padding equal on both sides (valid
   * or explicit, or same with odd kernels). Elsewhere it hands the step to oneDNN's helper.
   */
  public static boolean weightGradientAsConvolution(Op.Conv2D conv) {
    Size2D one = Size2D.square(1);
    if (!conv.stride().equals(one) || !conv.dilation().equals(one)) {
      return false;
    }
    return conv.padding() == Padding.VALID || conv.kernel().height() % 2 == 1 && conv.kernel().width() % 2 == 1;
  }

  /**
   * {@code HostBatchNormHelper}: batch norm of a spatial tensor (rank 4, NCHW float in DL4J). A
   * flat one goes to DL4J's oneDNN helper as before.
   */
  public static boolean hostBatchNorm(LayerModel layer, Shape in) {
    return layer.op() instanceof Op.BatchNorm && in instanceof Shape.Spatial;
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
