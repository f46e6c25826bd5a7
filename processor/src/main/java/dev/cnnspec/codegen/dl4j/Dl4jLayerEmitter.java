package dev.cnnspec.codegen.dl4j;

import static dev.cnnspec.codegen.dl4j.Dl4jTypes.*;

import com.palantir.javapoet.CodeBlock;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.LossPairing;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.WindowPadding;

/**
 * The Java expression building one DL4J layer or vertex. It mirrors the runtime's
 * {@code dev.cnnspec.runtime.dl4j.Dl4jLayers} call for call (same builders, same setters, same
 * values), because generated code and the interpreter must yield equal configuration JSON: change
 * both together. Builder calls go one per line (JavaPoet's statement wrapping indents them) so that
 * the generated code reads like a hand-written DL4J configuration.
 */
final class Dl4jLayerEmitter {
  private Dl4jLayerEmitter() {}

  /** The statement kind and expression of one model layer: {@code addVertex} or {@code addLayer}. */
  record Emitted(boolean vertex, CodeBlock code) {
    static Emitted layer(CodeBlock.Builder b) {
      return new Emitted(false, build(b));
    }

    static Emitted vertex(CodeBlock code) {
      return new Emitted(true, code);
    }
  }

  /**
   * The DL4J layer or vertex of one op that is not fused into an output head ({@link #outputLayer}
   * is). {@code inputs} are the layer's inputs: flatten's translation depends on the first one's
   * rank, add's and multiply's on whether their shapes are equal.
   */
  static Emitted emit(Op op, NetworkModel model, java.util.List<String> inputs) {
    return op.accept(new Translation(model, inputs.get(0), inputs));
  }

  /** One method per op, mirrored by the runtime's {@code Dl4jLayers.Translation}. */
  private record Translation(NetworkModel model, String input, java.util.List<String> inputs)
      implements OpVisitor<Emitted> {

    /** DL4J's depthwise convolution for one group per input channel, else the runtime's grouped one. */
    @Override
    public Emitted conv(Op.Conv2D c) {
      CodeBlock.Builder b = CodeBlock.builder();
      int channels = spatialInput().channels();
      if (c.depthwise(channels)) {
        b.add("new $T.Builder($L, $L)", DEPTHWISE_CONVOLUTION, c.kernel().height(), c.kernel().width());
        call(b, ".depthMultiplier($L)", c.filters() / channels);
      } else if (c.grouped()) {
        b.add("$T.builder($L, $L)", GROUPED_CONVOLUTION, c.kernel().height(), c.kernel().width());
        call(b, ".groups($L)", c.groups());
        call(b, ".nOut($L)", c.filters());
      } else {
        b.add("new $T.Builder($L, $L)", CONVOLUTION_LAYER, c.kernel().height(), c.kernel().width());
        call(b, ".nOut($L)", c.filters());
      }
      return convolution(b, c, c.activation(), c.alpha(), c.bias());
    }

    @Override
    public Emitted depthwiseConv(Op.DepthwiseConv2D c) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder($L, $L)", DEPTHWISE_CONVOLUTION, c.kernel().height(), c.kernel().width());
      call(b, ".depthMultiplier($L)", c.multiplier());
      return convolution(b, c, c.activation(), c.alpha(), c.bias());
    }

    @Override
    public Emitted separableConv(Op.SeparableConv2D c) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder($L, $L)", SEPARABLE_CONVOLUTION, c.kernel().height(), c.kernel().width());
      call(b, ".nOut($L)", c.filters());
      call(b, ".depthMultiplier($L)", c.multiplier());
      return convolution(b, c, c.activation(), c.alpha(), c.bias());
    }

    /** The settings every convolution shares, as the runtime's {@code Dl4jLayers} sets them. */
    private Emitted convolution(CodeBlock.Builder b, Op.Windowed c, Activation activation, double alpha, boolean bias) {
      call(b, ".stride($L, $L)", c.stride().height(), c.stride().width());
      call(b, ".dilation($L, $L)", c.dilation().height(), c.dilation().width());
      padding(b, WindowPadding.of(c, spatialInput()).orElseThrow());
      call(b, ".activation($L)", Dl4jLayerEmitter.activation(activation, alpha, true));
      call(b, ".hasBias($L)", bias);
      return Emitted.layer(b);
    }

    @Override
    public Emitted pool(Op.Pool2D p) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder($L)", SUBSAMPLING_LAYER, poolingType(p.type()));
      call(b, ".kernelSize($L, $L)", p.pool().height(), p.pool().width());
      call(b, ".stride($L, $L)", p.stride().height(), p.stride().width());
      WindowPadding padding = WindowPadding.of(p, spatialInput()).orElseThrow();
      padding(b, padding);
      if (WindowPadding.countsPad(p, padding)) {
        call(b, ".avgPoolIncludePadInDivisor($L)", true);
      }
      return Emitted.layer(b);
    }

    private Shape.Spatial spatialInput() {
      return (Shape.Spatial) model.shapeOf(input).orElseThrow();
    }

    @Override
    public Emitted globalPool(Op.GlobalPool g) {
      CodeBlock.Builder b = CodeBlock.builder().add("new $T.Builder($L)", GLOBAL_POOLING_LAYER, poolingType(g.type()));
      if (g.keep()) {
        call(b, ".collapseDimensions($L)", false);
      }
      return Emitted.layer(b);
    }

    @Override
    public Emitted upsample(Op.Upsample2D u) {
      CodeBlock.Builder b = CodeBlock.builder().add("new $T.Builder()", UPSAMPLING);
      call(b, ".size(new int[] {$L, $L})", u.size().height(), u.size().width());
      return Emitted.layer(b);
    }

    @Override
    public Emitted convTranspose(Op.ConvTranspose2D c) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder($L, $L)", DECONVOLUTION, c.kernel().height(), c.kernel().width());
      call(b, ".nOut($L)", c.filters());
      call(b, ".stride($L, $L)", c.stride().height(), c.stride().width());
      if (c.pad().height() != 0 || c.pad().width() != 0) {
        call(b, ".padding($L, $L)", c.pad().height(), c.pad().width());
      }
      call(b, ".convolutionMode($T.$L)", CONVOLUTION_MODE, c.padding() == Padding.SAME ? "Same" : "Truncate");
      call(b, ".activation($L)", Dl4jLayerEmitter.activation(c.activation(), c.alpha(), true));
      call(b, ".hasBias($L)", c.bias());
      return Emitted.layer(b);
    }

    @Override
    public Emitted zeroPad(Op.ZeroPad z) {
      return Emitted.layer(CodeBlock.builder().add("new $T.Builder($L, $L, $L, $L)", ZERO_PADDING_LAYER,
          z.top(), z.bottom(), z.left(), z.right()));
    }

    @Override
    public Emitted dense(Op.Dense d) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder()", DENSE_LAYER);
      call(b, ".nOut($L)", d.units());
      call(b, ".activation($L)", Dl4jLayerEmitter.activation(d.activation(), d.alpha()));
      call(b, ".hasBias($L)", d.bias());
      return Emitted.layer(b);
    }

    @Override
    public Emitted dropout(Op.Dropout d) {
      // DL4J takes the probability of keeping an activation; the spec gives the drop rate.
      return Emitted.layer(CodeBlock.builder().add("new $T.Builder($L)", DROPOUT_LAYER,
          retainProbability(d.rate())));
    }

    @Override
    public Emitted batchNorm(Op.BatchNorm n) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder()", BATCH_NORMALIZATION);
      call(b, ".decay($L)", n.momentum());
      call(b, ".eps($L)", n.epsilon());
      return Emitted.layer(b);
    }

    @Override
    public Emitted flatten(Op.Flatten op) {
      if (model.shapeOf(input).orElseThrow() instanceof Shape.Spatial s) {
        return Emitted.vertex(CodeBlock.of("new $T(new $T($L, $L, $L))", PREPROCESSOR_VERTEX, CNN_TO_FF,
            s.height(), s.width(), s.channels()));
      }
      // flatten of an already flat tensor: an identity layer keeps the name in the graph
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder()", ACTIVATION_LAYER);
      call(b, ".activation($L)", Dl4jLayerEmitter.activation(Activation.IDENTITY, 0));
      return Emitted.layer(b);
    }

    @Override
    public Emitted activation(Op.ActivationOp a) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder()", ACTIVATION_LAYER);
      call(b, ".activation($L)", Dl4jLayerEmitter.activation(a.activation(), a.alpha(),
          model.shapeOf(input).orElseThrow() instanceof Shape.Spatial));
      // DL4J's own layer activates its input in place at inference, under every other reader of it.
      return copyOnShare(COPY_ON_SHARE_ACTIVATION, b);
    }

    /** One slope per element of the (NCHW) input, starting at 0 as Keras's. */
    @Override
    public Emitted prelu(Op.PRelu op) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.add("new $T.Builder()", PRELU_LAYER);
      call(b, ".weightInit($T.ZERO)", WEIGHT_INIT);
      Shape in = model.shapeOf(input).orElseThrow();
      if (in instanceof Shape.Spatial s) {
        call(b, ".inputShape($LL, $LL, $LL)", s.channels(), s.height(), s.width());
      } else {
        call(b, ".inputShape($LL)", ((Shape.Flat) in).size());
      }
      return copyOnShare(COPY_ON_SHARE_PRELU, b);
    }

    /** {@code wrapper.of(<DL4J's layer>)}: the layer as configured, without writing into a shared input. */
    private static Emitted copyOnShare(com.palantir.javapoet.ClassName wrapper, CodeBlock.Builder layer) {
      return new Emitted(false, CodeBlock.of("$T.of($L)", wrapper, build(layer)));
    }

    @Override
    public Emitted mfm(Op.Mfm op) {
      return new Emitted(false, CodeBlock.of("$T.builder().build()", MAX_FEATURE_MAP));
    }

    @Override
    public Emitted channelShuffle(Op.ChannelShuffle s) {
      return Emitted.vertex(CodeBlock.of("$T.shuffle($L)", CHANNEL_VERTEX, s.groups()));
    }

    @Override
    public Emitted channelSplit(Op.ChannelSplit s) {
      return Emitted.vertex(CodeBlock.of("$T.split($L, $L)", CHANNEL_VERTEX, s.parts(), s.index()));
    }

    @Override
    public Emitted add(Op.Add op) {
      return Emitted.vertex(equalShapes() ? CodeBlock.of("new $T($T.Op.Add)", ELEMENT_WISE_VERTEX, ELEMENT_WISE_VERTEX)
          : CodeBlock.of("new $T($T.Operation.ADD)", BROADCAST_VERTEX, BROADCAST_VERTEX));
    }

    @Override
    public Emitted multiply(Op.Multiply op) {
      return Emitted.vertex(equalShapes()
          ? CodeBlock.of("new $T($T.Op.Product)", ELEMENT_WISE_VERTEX, ELEMENT_WISE_VERTEX)
          : CodeBlock.of("new $T($T.Operation.MULTIPLY)", BROADCAST_VERTEX, BROADCAST_VERTEX));
    }

    /** True when every input of the layer has one shape: DL4J's own vertex then suffices. */
    private boolean equalShapes() {
      return inputs.stream().map(n -> model.shapeOf(n).orElseThrow()).distinct().count() == 1;
    }

    @Override
    public Emitted concat(Op.Concat op) {
      return Emitted.vertex(CodeBlock.of("new $T()", MERGE_VERTEX));
    }
  }

  /** Appends {@code .build()}: on its own line after setter calls, else on the constructor's line. */
  private static CodeBlock build(CodeBlock.Builder b) {
    CodeBlock chain = b.build();
    return CodeBlock.of(chain.toString().contains("\n") ? "$L\n.build()" : "$L.build()", chain);
  }

  /** A dense layer fused with its head; {@code activation} is the head's ({@code OutputFusion#activation}). */
  static CodeBlock outputLayer(Op.Dense d, OutputModel head, Activation activation) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add("new $T.Builder($L)", OUTPUT_LAYER, loss(head));
    call(b, ".nOut($L)", d.units());
    call(b, ".activation($L)", activation(activation, d.alpha()));
    call(b, ".hasBias($L)", d.bias());
    return build(b);
  }

  /** The loss layer of an unfused head ({@code CnnLossLayer} on a spatial tensor). */
  static CodeBlock lossLayer(OutputModel head, Activation activation) {
    CodeBlock.Builder b = CodeBlock.builder();
    boolean spatial = head.shape() instanceof Shape.Spatial;
    b.add("new $T.Builder($L)", spatial ? CNN_LOSS_LAYER : LOSS_LAYER, spatial ? spatialLoss(head, activation) : loss(head));
    call(b, ".activation($L)", activation(activation, 0));
    return build(b);
  }

  private static void call(CodeBlock.Builder b, String format, Object... args) {
    b.add("\n" + format, args);
  }

  static double retainProbability(double dropRate) {
    return 1 - dropRate;
  }

  /** DL4J's Same mode, or Truncate with the explicit padding (if any) that computes the checked size. */
  private static void padding(CodeBlock.Builder b, WindowPadding padding) {
    if (padding.explicit()) {
      call(b, ".padding($L, $L)", padding.height(), padding.width());
    }
    call(b, ".convolutionMode($T.$L)", CONVOLUTION_MODE, padding.sameMode() ? "Same" : "Truncate");
  }

  private static CodeBlock poolingType(PoolType type) {
    return CodeBlock.of("$T.$L", POOLING_TYPE, type == PoolType.MAX ? "MAX" : "AVG");
  }

  /** As the runtime's: a softmax over a spatial tensor is its own {@code ChannelSoftmax} (DL4J's reduces the width). */
  private static CodeBlock activation(Activation activation, double alpha, boolean spatial) {
    return activation == Activation.SOFTMAX && spatial ? CodeBlock.of("new $T()", CHANNEL_SOFTMAX)
        : activation(activation, alpha);
  }

  private static CodeBlock activation(Activation activation, double alpha) {
    return switch (activation) {
      case IDENTITY, RELU, TANH, SIGMOID, SOFTMAX -> CodeBlock.of("$T.$L", ACTIVATION, activation.name());
      case LEAKY_RELU -> CodeBlock.of("new $T($L)", ACTIVATION_LRELU, alpha);
      case RELU6, SWISH, SELU -> CodeBlock.of("$T.$L", ACTIVATION, activation.name());
      case HARD_SIGMOID -> CodeBlock.of("new $T()", HARD_SIGMOID);
      case HARD_SWISH -> CodeBlock.of("new $T()", HARD_SWISH);
      case GELU -> CodeBlock.of("new $T()", GELU);
      case ELU -> CodeBlock.of("new $T(1.0)", ACTIVATION_ELU);
      case MFM -> throw new IllegalArgumentException(
          "mfm is a layer, not an activation: GraphBuilder splits it off before any back end runs");
    };
  }

  private static String lossFunction(Loss loss) {
    return switch (loss) {
      case CROSS_ENTROPY -> "MCXENT";
      case NLL -> "NEGATIVELOGLIKELIHOOD";
      case BINARY_CROSS_ENTROPY -> "XENT";
      case MSE -> "MSE";
      case MAE -> "MEAN_ABSOLUTE_ERROR";
    };
  }

  /** As the runtime's: cross-entropy of probabilities made upstream is {@code ProbabilityCrossEntropy}. */
  private static CodeBlock spatialLoss(OutputModel head, Activation activation) {
    if (LossPairing.clipsProbabilities(head, activation)) {
      double weight = head.node().weight();
      return weight == 1.0 ? CodeBlock.of("new $T()", PROBABILITY_CROSS_ENTROPY)
          : CodeBlock.of("new $T(new $T(), $L)", WEIGHTED_LOSS, PROBABILITY_CROSS_ENTROPY, weight);
    }
    return loss(head);
  }

  /** {@code LossFunction.X}, or {@code new WeightedLoss(LossFunction.X.getILossFunction(), w)}. */
  private static CodeBlock loss(OutputModel head) {
    String plain = lossFunction(head.node().loss());
    double weight = head.node().weight();
    return weight == 1.0 ? CodeBlock.of("$T.$L", LOSS_FUNCTION, plain)
        : CodeBlock.of("new $T($T.$L.getILossFunction(), $L)", WEIGHTED_LOSS, LOSS_FUNCTION, plain, weight);
  }
}
