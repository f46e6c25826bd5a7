package dev.cnnspec.codegen.dl4j;

import static dev.cnnspec.codegen.dl4j.Dl4jTypes.*;

import com.palantir.javapoet.CodeBlock;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Shape;

/**
 * The Java expression building one DL4J layer or vertex. It mirrors the runtime's
 * {@code dev.cnnspec.runtime.dl4j.Dl4jLayers} call for call (same builders, same setters, same
 * values), because generated code and the interpreter must yield equal configuration JSON: change
 * both together. Builder calls go one per line (JavaPoet's statement wrapping indents them) so that
 * the generated code reads like a hand-written DL4J configuration.
 */
final class Dl4jLayerEmitter {
  private Dl4jLayerEmitter() {}

  /** {@code true} if the op becomes a vertex ({@code addVertex}) rather than a layer. */
  static boolean isVertex(Op op, NetworkModel model, String input) {
    return op instanceof Op.Add || op instanceof Op.Concat
        || (op instanceof Op.Flatten && model.shapeOf(input).orElseThrow() instanceof Shape.Spatial);
  }

  static CodeBlock vertex(Op op, NetworkModel model, String input) {
    if (op instanceof Op.Add) {
      return CodeBlock.of("new $T($T.Op.Add)", ELEMENT_WISE_VERTEX, ELEMENT_WISE_VERTEX);
    } else if (op instanceof Op.Concat) {
      return CodeBlock.of("new $T()", MERGE_VERTEX);
    }
    Shape.Spatial s = (Shape.Spatial) model.shapeOf(input).orElseThrow();
    return CodeBlock.of("new $T(new $T($L, $L, $L))", PREPROCESSOR_VERTEX, CNN_TO_FF, s.height(), s.width(),
        s.channels());
  }

  static CodeBlock layer(Op op) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (op instanceof Op.Conv2D c) {
      b.add("new $T.Builder($L, $L)", CONVOLUTION_LAYER, c.kernel().height(), c.kernel().width());
      call(b, ".nOut($L)", c.filters());
      call(b, ".stride($L, $L)", c.stride().height(), c.stride().width());
      call(b, ".dilation($L, $L)", c.dilation().height(), c.dilation().width());
      call(b, ".convolutionMode($L)", mode(c.padding()));
      call(b, ".activation($L)", activation(c.activation(), c.alpha()));
      call(b, ".hasBias($L)", c.bias());
    } else if (op instanceof Op.Pool2D p) {
      b.add("new $T.Builder($L)", SUBSAMPLING_LAYER, poolingType(p.type()));
      call(b, ".kernelSize($L, $L)", p.pool().height(), p.pool().width());
      call(b, ".stride($L, $L)", p.stride().height(), p.stride().width());
      call(b, ".convolutionMode($L)", mode(p.padding()));
    } else if (op instanceof Op.GlobalPool g) {
      b.add("new $T.Builder($L)", GLOBAL_POOLING_LAYER, poolingType(g.type()));
    } else if (op instanceof Op.ZeroPad z) {
      b.add("new $T.Builder($L, $L, $L, $L)", ZERO_PADDING_LAYER, z.top(), z.bottom(), z.left(), z.right());
    } else if (op instanceof Op.Dense d) {
      b.add("new $T.Builder()", DENSE_LAYER);
      call(b, ".nOut($L)", d.units());
      call(b, ".activation($L)", activation(d.activation(), d.alpha()));
      call(b, ".hasBias($L)", d.bias());
    } else if (op instanceof Op.Dropout d) {
      // DL4J takes the probability of keeping an activation; the spec gives the drop rate.
      b.add("new $T.Builder($L)", DROPOUT_LAYER, retainProbability(d.rate()));
    } else if (op instanceof Op.BatchNorm n) {
      b.add("new $T.Builder()", BATCH_NORMALIZATION);
      call(b, ".decay($L)", n.momentum());
      call(b, ".eps($L)", n.epsilon());
    } else if (op instanceof Op.Flatten) {
      // flatten of an already flat tensor: an identity layer keeps the name in the graph
      b.add("new $T.Builder()", ACTIVATION_LAYER);
      call(b, ".activation($L)", activation(Activation.IDENTITY, 0));
    } else if (op instanceof Op.ActivationOp a) {
      b.add("new $T.Builder()", ACTIVATION_LAYER);
      call(b, ".activation($L)", activation(a.activation(), a.alpha()));
    } else if (op instanceof Op.Mfm) {
      return CodeBlock.of("$T.builder().build()", MAX_FEATURE_MAP);
    } else {
      throw new IllegalArgumentException("no DL4J translation for op " + op.kind());
    }
    return build(b);
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
    b.add("new $T.Builder($L)", head.shape() instanceof Shape.Spatial ? CNN_LOSS_LAYER : LOSS_LAYER, loss(head));
    call(b, ".activation($L)", activation(activation, 0));
    return build(b);
  }

  private static void call(CodeBlock.Builder b, String format, Object... args) {
    b.add("\n" + format, args);
  }

  static double retainProbability(double dropRate) {
    return 1 - dropRate;
  }

  private static CodeBlock mode(Padding padding) {
    return CodeBlock.of("$T.$L", CONVOLUTION_MODE, padding == Padding.SAME ? "Same" : "Truncate");
  }

  private static CodeBlock poolingType(PoolType type) {
    return CodeBlock.of("$T.$L", POOLING_TYPE, type == PoolType.MAX ? "MAX" : "AVG");
  }

  private static CodeBlock activation(Activation activation, double alpha) {
    return switch (activation) {
      case IDENTITY, RELU, TANH, SIGMOID, SOFTMAX -> CodeBlock.of("$T.$L", ACTIVATION, activation.name());
      case LEAKY_RELU -> CodeBlock.of("new $T($L)", ACTIVATION_LRELU, alpha);
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

  /** {@code LossFunction.X}, or {@code new WeightedLoss(LossFunction.X.getILossFunction(), w)}. */
  private static CodeBlock loss(OutputModel head) {
    String plain = lossFunction(head.node().loss());
    double weight = head.node().weight();
    return weight == 1.0 ? CodeBlock.of("$T.$L", LOSS_FUNCTION, plain)
        : CodeBlock.of("new $T($T.$L.getILossFunction(), $L)", WEIGHTED_LOSS, LOSS_FUNCTION, plain, weight);
  }
}
