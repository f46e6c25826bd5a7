package dev.cnnspec.report;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.Shape;

/**
 * Which {@link Dl4jKernel} runs a layer on a {@link Dl4jPath}: one case per op (an {@link
 * OpVisitor}, so a new op must say), reading {@link FastPathRules} for the layers the fast path
 * swaps. Also what the kernel's memory depends on ({@link Dl4jKernel.Site}).
 */
final class Dl4jKernels implements OpVisitor<Dl4jKernel> {
  private final NetworkModel model;
  private final LayerModel layer;
  private final boolean fast;

  private Dl4jKernels(Dl4jPath path, NetworkModel model, LayerModel layer) {
    this.model = model;
    this.layer = layer;
    this.fast = path == Dl4jPath.FAST;
  }

  static Dl4jKernel of(Dl4jPath path, NetworkModel model, LayerModel layer) {
    return layer.op().accept(new Dl4jKernels(path, model, layer));
  }

  /** @param tensorBytes each input's and layer's output for the batch, bytes */
  static Dl4jKernel.Site site(NetworkModel model, LayerModel layer, java.util.Map<String, Long> tensorBytes, int batch) {
    long in = 0;
    for (String i : layer.node().inputs()) {
      in += Dl4jWorkspaces.aligned(tensorBytes.get(i));
    }
    Shape first = model.shapeOf(layer.node().inputs().get(0)).orElseThrow();
    long inChannels = first instanceof Shape.Spatial s ? s.channels() : 1;
    long channels = layer.op() instanceof Op.BatchNorm
        ? (first instanceof Shape.Spatial s ? s.channels() : first.elements()) : 0;
    long weights = 0;
    long biases = 0;
    long im2col = 0;
    if (layer.op() instanceof Op.Conv2D c && layer.outputShape() instanceof Shape.Spatial o) {
      long perGroup = inChannels / c.groups();
      weights = (long) c.filters() * perGroup * c.kernel().height() * c.kernel().width() * Float.BYTES;
      biases = c.bias() ? (long) c.filters() * Float.BYTES : 0;
      im2col = (long) batch * o.height() * o.width() * inChannels * c.kernel().height() * c.kernel().width()
          * Float.BYTES;
    }
    Activation a = activation(layer.op());
    return new Dl4jKernel.Site(in, Dl4jWorkspaces.aligned(tensorBytes.get(layer.name())), inChannels,
        a != Activation.IDENTITY, derivativeAllocates(a), layer.parameters() * Float.BYTES, channels,
        first instanceof Shape.Spatial, first instanceof Shape.Spatial s && s.height() == 1 && s.width() == 1,
        producedByPlainConv(model, layer), layer.op() instanceof Op.Conv2D c ? c.groups() : 1, weights, biases,
        im2col);
  }

  /** A plain convolution's output reaches DL4J's next layer as a permuted view on the plain path. */
  private static boolean producedByPlainConv(NetworkModel model, LayerModel layer) {
    return producer(model, layer) instanceof Op.Conv2D c && !c.grouped();
  }

  private static Op producer(NetworkModel model, LayerModel layer) {
    String in = layer.node().inputs().get(0);
    return model.layers().stream().filter(l -> l.name().equals(in)).map(LayerModel::op).findFirst().orElse(null);
  }

  private static Activation activation(Op op) {
    Activation a = op instanceof Op.Conv2D c ? c.activation() : op instanceof Op.Dense d ? d.activation()
        : op instanceof Op.ActivationOp x ? x.activation() : op instanceof Op.DepthwiseConv2D w ? w.activation()
        : op instanceof Op.SeparableConv2D s ? s.activation() : op instanceof Op.ConvTranspose2D t ? t.activation()
        : null;
    return a == null ? Activation.IDENTITY : a;
  }

  /**
   * Whether the activation's backward step allocates its derivative as a new array: ND4J's ReLU does
   * ({@code in.ulike()}); its sigmoid, tanh, softmax, leaky ReLU, ELU, SELU, ReLU6 and swish write it
   * into their input (the pre-activation, which the layer no longer needs). The runtime's own GELU,
   * hard sigmoid and hard swish build it from temporaries: at least one array, counted as one.
   */
  static boolean derivativeAllocates(Activation a) {
    return switch (a) {
      case RELU, GELU, HARD_SIGMOID, HARD_SWISH -> true;
      default -> false;
    };
  }

  @Override
  public Dl4jKernel conv(Op.Conv2D op) {
    if (op.grouped()) {
      Shape in = model.shapeOf(layer.node().inputs().get(0)).orElseThrow();
      return op.depthwise(((Shape.Spatial) in).channels()) ? Dl4jKernel.CONV_ONE_OP : Dl4jKernel.CONV_GROUPED;
    }
    if (!fast) {
      return Dl4jKernel.CONV_IM2COL;
    }
    return FastPathRules.skipsInputGradient(model, layer) ? Dl4jKernel.CONV_INPUT : Dl4jKernel.CONV_CACHED;
  }

  @Override
  public Dl4jKernel depthwiseConv(Op.DepthwiseConv2D op) {
    return Dl4jKernel.CONV_ONE_OP;
  }

  @Override
  public Dl4jKernel separableConv(Op.SeparableConv2D op) {
    return Dl4jKernel.CONV_ONE_OP;
  }

  @Override
  public Dl4jKernel convTranspose(Op.ConvTranspose2D op) {
    return Dl4jKernel.CONV_ONE_OP;
  }

  @Override
  public Dl4jKernel pool(Op.Pool2D op) {
    return fast && FastPathRules.keepsPoolWinners(op) ? Dl4jKernel.MAX_POOL_WINNERS : Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel globalPool(Op.GlobalPool op) {
    return Dl4jKernel.GLOBAL_POOL;
  }

  @Override
  public Dl4jKernel zeroPad(Op.ZeroPad op) {
    return Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel upsample(Op.Upsample2D op) {
    return fast ? Dl4jKernel.UPSAMPLE_CACHED : Dl4jKernel.GENERIC;
  }

  /** The dense layer that makes a network output is DL4J's output layer. */
  @Override
  public Dl4jKernel dense(Op.Dense op) {
    boolean output = model.outputs().stream().anyMatch(o -> o.node().source().equals(layer.name()));
    if (output) {
      return fast ? Dl4jKernel.OUTPUT_ONE_OP : Dl4jKernel.OUTPUT_DL4J;
    }
    return fast ? Dl4jKernel.DENSE_ONE_OP : Dl4jKernel.DENSE_DL4J;
  }

  @Override
  public Dl4jKernel dropout(Op.Dropout op) {
    return Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel batchNorm(Op.BatchNorm op) {
    if (!fast) {
      return Dl4jKernel.BATCH_NORM_DL4J;
    }
    Shape in = model.shapeOf(layer.node().inputs().get(0)).orElseThrow();
    return FastPathRules.hostBatchNorm(layer, in) ? Dl4jKernel.BATCH_NORM_HOST : Dl4jKernel.BATCH_NORM_ONEDNN;
  }

  @Override
  public Dl4jKernel flatten(Op.Flatten op) {
    return Dl4jKernel.FLATTEN;
  }

  @Override
  public Dl4jKernel activation(Op.ActivationOp op) {
    if (op.activation() != Activation.RELU) {
      return Dl4jKernel.ACTIVATION;
    }
    return fast && FastPathRules.fusesRelu(model, layer) ? Dl4jKernel.RELU_FUSED : Dl4jKernel.RELU_LAYER;
  }

  @Override
  public Dl4jKernel prelu(Op.PRelu op) {
    return Dl4jKernel.PRELU;
  }

  /**
   * The host kernel needs a whole C-ordered input: what oneDNN's convolution writes on the fast
   * path, and DL4J's dense layer on the plain one; the other producers hand over views.
   */
  @Override
  public Dl4jKernel mfm(Op.Mfm op) {
    Op from = producer(model, layer);
    boolean whole = fast ? from instanceof Op.Conv2D c && !c.grouped() : from instanceof Op.Dense;
    return whole ? Dl4jKernel.MFM_HOST : Dl4jKernel.MFM_ND4J;
  }

  @Override
  public Dl4jKernel channelShuffle(Op.ChannelShuffle op) {
    return Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel channelSplit(Op.ChannelSplit op) {
    return Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel add(Op.Add op) {
    return fast && FastPathRules.onePassAdd(model, layer) ? Dl4jKernel.ADD_ONE_PASS : Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel multiply(Op.Multiply op) {
    return Dl4jKernel.GENERIC;
  }

  @Override
  public Dl4jKernel concat(Op.Concat op) {
    return Dl4jKernel.GENERIC;
  }
}
