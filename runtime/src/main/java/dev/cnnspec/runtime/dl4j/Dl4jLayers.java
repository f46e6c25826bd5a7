package dev.cnnspec.runtime.dl4j;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.LossPairing;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OpVisitor;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.WindowPadding;
import dev.cnnspec.runtime.layers.BroadcastVertex;
import dev.cnnspec.runtime.layers.ChannelSoftmax;
import dev.cnnspec.runtime.layers.ChannelVertex;
import dev.cnnspec.runtime.layers.GroupedConvolution;
import dev.cnnspec.runtime.layers.CopyOnShareActivation;
import dev.cnnspec.runtime.layers.CopyOnSharePReLU;
import dev.cnnspec.runtime.layers.DepthwiseConvolution;
import dev.cnnspec.runtime.layers.ProbabilityCrossEntropy;
import dev.cnnspec.runtime.layers.Gelu;
import dev.cnnspec.runtime.layers.HardSigmoid;
import dev.cnnspec.runtime.layers.HardSwish;
import dev.cnnspec.runtime.layers.MaxFeatureMap;
import dev.cnnspec.runtime.layers.SeparableConvolution;
import dev.cnnspec.runtime.layers.WeightedLoss;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Translates one op of the model into the DL4J layer or vertex design.md prescribes. Each method
 * is mirrored statement for statement by the code generator's emitter, so that generated code and
 * this interpreter build equal configurations: change both together.
 *
 * <p>Translations that are not one-to-one: padding {@code same}/{@code valid} →
 * {@code ConvolutionMode.Same}/{@code Truncate} (Keras's output sizes); dropout's drop rate →
 * DL4J's retain probability {@code 1 − rate}; batch-norm momentum → {@code decay}; a flatten of a
 * spatial tensor → a {@code PreprocessorVertex} (no parameters, so DL4J's {@code numParams} stays
 * equal to ours), of a flat one → an identity activation layer (DL4J's: identity writes nothing);
 * stand-alone activations and PReLU → {@code CopyOnShareActivation}/{@code CopyOnSharePReLU}, DL4J's
 * layers that do not overwrite an input other layers or the caller also read. Average pooling keeps DL4J's
 * builder default of not counting padding in the divisor, which is Keras's behaviour too.
 * Depthwise and separable convolutions are DL4J's layers with our implementation of one input
 * channel ({@code DepthwiseConvolution}, {@code SeparableConvolution}): libnd4j's fails there.
 */
final class Dl4jLayers {
  private Dl4jLayers() {}

  /** One model layer in DL4J: exactly one of a layer ({@code addLayer}) or a vertex ({@code addVertex}). */
  record Node(Layer layer, GraphVertex vertex) {
    static Node of(Layer layer) {
      return new Node(layer, null);
    }

    static Node of(GraphVertex vertex) {
      return new Node(null, vertex);
    }
  }

  /**
   * The DL4J layer or vertex of one op that is not fused into an output head ({@link #outputLayer}
   * is). {@code inputs} are the layer's inputs: flatten's translation depends on the first one's
   * rank, add's and multiply's on whether their shapes are equal.
   */
  static Node node(Op op, NetworkModel model, java.util.List<String> inputs) {
    return op.accept(new Translation(model, inputs.get(0), inputs));
  }

  /** One method per op, mirrored by the code generator's {@code Dl4jLayerEmitter.Translation}. */
  private record Translation(NetworkModel model, String inputName, java.util.List<String> layerInputs)
      implements OpVisitor<Node> {

    /**
     * A grouped conv with one group per input channel is DL4J's depthwise convolution (multiplier
     * filters / C_in, the same output order); other grouped convs are the runtime's
     * {@link GroupedConvolution}.
     */
    @Override
    public Node conv(Op.Conv2D c) {
      int channels = spatialInput().channels();
      if (c.depthwise(channels)) {
        return Node.of(convolution(new DepthwiseConvolution.Builder(c.kernel().height(), c.kernel().width())
            .depthMultiplier(c.filters() / channels), c, c.activation(), c.alpha(), c.bias()).build());
      }
      if (c.grouped()) {
        return Node.of(convolution(GroupedConvolution.builder(c.kernel().height(), c.kernel().width())
            .groups(c.groups()).nOut(c.filters()), c, c.activation(), c.alpha(), c.bias()).build());
      }
      return Node.of(convolution(new ConvolutionLayer.Builder(c.kernel().height(), c.kernel().width())
          .nOut(c.filters()), c, c.activation(), c.alpha(), c.bias()).build());
    }

    @Override
    public Node depthwiseConv(Op.DepthwiseConv2D c) {
      return Node.of(convolution(new DepthwiseConvolution.Builder(c.kernel().height(), c.kernel().width())
          .depthMultiplier(c.multiplier()), c, c.activation(), c.alpha(), c.bias()).build());
    }

    @Override
    public Node separableConv(Op.SeparableConv2D c) {
      return Node.of(convolution(new SeparableConvolution.Builder(c.kernel().height(), c.kernel().width())
          .nOut(c.filters()).depthMultiplier(c.multiplier()), c, c.activation(), c.alpha(), c.bias()).build());
    }

    /** The settings every convolution shares: stride, dilation, padding, activation, bias. */
    private <B extends ConvolutionLayer.BaseConvBuilder<B>> B convolution(B b, Op.Windowed c, Activation activation,
        double alpha, boolean bias) {
      b.stride(c.stride().height(), c.stride().width()).dilation(c.dilation().height(), c.dilation().width());
      WindowPadding padding = WindowPadding.of(c, spatialInput()).orElseThrow();
      if (padding.explicit()) {
        b.padding(padding.height(), padding.width());
      }
      return b.convolutionMode(mode(padding)).activation(Dl4jLayers.activation(activation, alpha, true)).hasBias(bias);
    }

    @Override
    public Node pool(Op.Pool2D p) {
      SubsamplingLayer.Builder b = new SubsamplingLayer.Builder(poolingType(p.type()))
          .kernelSize(p.pool().height(), p.pool().width())
          .stride(p.stride().height(), p.stride().width());
      WindowPadding padding = WindowPadding.of(p, spatialInput()).orElseThrow();
      if (padding.explicit()) {
        b.padding(padding.height(), padding.width());
      }
      b.convolutionMode(mode(padding));
      if (WindowPadding.countsPad(p, padding)) {
        b.avgPoolIncludePadInDivisor(true);
      }
      return Node.of(b.build());
    }

    private Shape.Spatial spatialInput() {
      return (Shape.Spatial) model.shapeOf(inputName).orElseThrow();
    }

    @Override
    public Node globalPool(Op.GlobalPool g) {
      GlobalPoolingLayer.Builder b = new GlobalPoolingLayer.Builder(poolingType(g.type()));
      if (g.keep()) {
        b.collapseDimensions(false);
      }
      return Node.of(b.build());
    }

    @Override
    public Node upsample(Op.Upsample2D u) {
      return Node.of(new Upsampling2D.Builder().size(new int[] {u.size().height(), u.size().width()}).build());
    }

    /** DL4J's Truncate computes (n − 1)·s + k − 2·pad, its Same n·s: the checker's sizes. */
    @Override
    public Node convTranspose(Op.ConvTranspose2D c) {
      Deconvolution2D.Builder b = new Deconvolution2D.Builder(c.kernel().height(), c.kernel().width())
          .nOut(c.filters())
          .stride(c.stride().height(), c.stride().width());
      if (c.pad().height() != 0 || c.pad().width() != 0) {
        b.padding(c.pad().height(), c.pad().width());
      }
      return Node.of(b.convolutionMode(c.padding() == dev.cnnspec.model.Padding.SAME ? ConvolutionMode.Same
              : ConvolutionMode.Truncate)
          .activation(Dl4jLayers.activation(c.activation(), c.alpha(), true))
          .hasBias(c.bias())
          .build());
    }

    @Override
    public Node zeroPad(Op.ZeroPad z) {
      return Node.of(new ZeroPaddingLayer.Builder(z.top(), z.bottom(), z.left(), z.right()).build());
    }

    @Override
    public Node dense(Op.Dense d) {
      return Node.of(new DenseLayer.Builder()
          .nOut(d.units())
          .activation(Dl4jLayers.activation(d.activation(), d.alpha()))
          .hasBias(d.bias())
          .build());
    }

    @Override
    public Node dropout(Op.Dropout d) {
      return Node.of(new DropoutLayer.Builder(retainProbability(d.rate())).build());
    }

    @Override
    public Node batchNorm(Op.BatchNorm b) {
      return Node.of(new BatchNormalization.Builder().decay(b.momentum()).eps(b.epsilon()).build());
    }

    @Override
    public Node flatten(Op.Flatten op) {
      if (model.shapeOf(inputName).orElseThrow() instanceof Shape.Spatial s) {
        return Node.of(new PreprocessorVertex(new CnnToFeedForwardPreProcessor(s.height(), s.width(), s.channels())));
      }
      return Node.of(new ActivationLayer.Builder().activation(org.nd4j.linalg.activations.Activation.IDENTITY).build());
    }

    @Override
    public Node activation(Op.ActivationOp a) {
      // DL4J's own layer activates its input in place at inference, under every other reader of it.
      return Node.of(CopyOnShareActivation.of(new ActivationLayer.Builder()
          .activation(Dl4jLayers.activation(a.activation(), a.alpha(), isSpatial(model, inputName))).build()));
    }

    /** One slope per element of the (NCHW) input, starting at 0 as Keras's. */
    @Override
    public Node prelu(Op.PRelu op) {
      Shape in = model.shapeOf(inputName).orElseThrow();
      long[] shape = in instanceof Shape.Spatial s ? new long[] {s.channels(), s.height(), s.width()}
          : new long[] {((Shape.Flat) in).size()};
      return Node.of(CopyOnSharePReLU.of(new PReLULayer.Builder().weightInit(WeightInit.ZERO).inputShape(shape).build()));
    }

    @Override
    public Node mfm(Op.Mfm op) {
      return Node.of(MaxFeatureMap.builder().build());
    }

    @Override
    public Node channelShuffle(Op.ChannelShuffle s) {
      return Node.of(ChannelVertex.shuffle(s.groups()));
    }

    @Override
    public Node channelSplit(Op.ChannelSplit s) {
      return Node.of(ChannelVertex.split(s.parts(), s.index()));
    }

    @Override
    public Node add(Op.Add op) {
      return Node.of(equalShapes() ? new ElementWiseVertex(ElementWiseVertex.Op.Add)
          : new BroadcastVertex(BroadcastVertex.Operation.ADD));
    }

    @Override
    public Node multiply(Op.Multiply op) {
      return Node.of(equalShapes() ? new ElementWiseVertex(ElementWiseVertex.Op.Product)
          : new BroadcastVertex(BroadcastVertex.Operation.MULTIPLY));
    }

    /** True when every input of the layer has one shape: DL4J's own vertex then suffices. */
    private boolean equalShapes() {
      return inputShapes().stream().distinct().count() == 1;
    }

    private java.util.List<Shape> inputShapes() {
      return layerInputs.stream().map(n -> model.shapeOf(n).orElseThrow()).toList();
    }

    @Override
    public Node concat(Op.Concat op) {
      return Node.of(new MergeVertex());
    }
  }

  private static PoolingType poolingType(dev.cnnspec.model.PoolType type) {
    return type == dev.cnnspec.model.PoolType.MAX ? PoolingType.MAX : PoolingType.AVG;
  }

  /**
   * A dense layer fused with the head that reads it; {@code activation} is the head's
   * ({@link dev.cnnspec.model.OutputFusion#activation}): softmax when it is fused into the loss.
   */
  static Layer outputLayer(Op.Dense d, OutputModel head, Activation activation) {
    return new OutputLayer.Builder(loss(head))
        .nOut(d.units())
        .activation(activation(activation, d.alpha()))
        .hasBias(d.bias())
        .build();
  }

  /** The loss layer of a head that is not fused into a dense layer ({@code CnnLossLayer} on a spatial tensor). */
  static Layer lossLayer(OutputModel head, Activation activation) {
    if (head.shape() instanceof Shape.Spatial) {
      return new CnnLossLayer.Builder(spatialLoss(head, activation)).activation(activation(activation, 0)).build();
    }
    return new LossLayer.Builder(loss(head)).activation(activation(activation, 0)).build();
  }

  static boolean isSpatial(NetworkModel model, String tensor) {
    return model.shapeOf(tensor).orElseThrow(
        () -> new IllegalArgumentException("unknown tensor " + tensor)) instanceof Shape.Spatial;
  }

  static double retainProbability(double dropRate) {
    return 1 - dropRate;
  }

  static ConvolutionMode mode(WindowPadding padding) {
    return padding.sameMode() ? ConvolutionMode.Same : ConvolutionMode.Truncate;
  }

  /**
   * The activation of a layer whose output is spatial ({@code spatial}) or flat: a softmax over a
   * spatial tensor is {@link ChannelSoftmax}, since DL4J's own reduces over NCHW's last axis (the width).
   */
  static IActivation activation(Activation activation, double alpha, boolean spatial) {
    return activation == Activation.SOFTMAX && spatial ? new ChannelSoftmax() : activation(activation, alpha);
  }

  static IActivation activation(Activation activation, double alpha) {
    return switch (activation) {
      case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction();
      case RELU -> org.nd4j.linalg.activations.Activation.RELU.getActivationFunction();
      case LEAKY_RELU -> new ActivationLReLU(alpha);
      case TANH -> org.nd4j.linalg.activations.Activation.TANH.getActivationFunction();
      case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID.getActivationFunction();
      case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX.getActivationFunction();
      case RELU6 -> org.nd4j.linalg.activations.Activation.RELU6.getActivationFunction();
      case SWISH -> org.nd4j.linalg.activations.Activation.SWISH.getActivationFunction();
      case HARD_SIGMOID -> new HardSigmoid();
      case HARD_SWISH -> new HardSwish();
      case GELU -> new Gelu();
      case ELU -> new ActivationELU(1.0);
      case SELU -> org.nd4j.linalg.activations.Activation.SELU.getActivationFunction();
      case MFM -> throw new IllegalArgumentException(
          "mfm is a layer, not an activation: GraphBuilder splits it off before any back end runs");
    };
  }

  static LossFunction lossFunction(Loss loss) {
    return switch (loss) {
      case CROSS_ENTROPY -> LossFunction.MCXENT;
      case NLL -> LossFunction.NEGATIVELOGLIKELIHOOD;
      case BINARY_CROSS_ENTROPY -> LossFunction.XENT;
      case MSE -> LossFunction.MSE;
      // Keras's mean absolute error averages over the units, as DL4J's MEAN_ABSOLUTE_ERROR does (L1 sums).
      case MAE -> LossFunction.MEAN_ABSOLUTE_ERROR;
    };
  }

  /**
   * A per-pixel head's loss: cross-entropy (or NLL) of probabilities made upstream, behind the loss
   * layer's identity, is {@link ProbabilityCrossEntropy}, which clips them as Keras does.
   */
  static ILossFunction spatialLoss(OutputModel head, Activation activation) {
    if (LossPairing.clipsProbabilities(head, activation)) {
      double weight = head.node().weight();
      return weight == 1.0 ? new ProbabilityCrossEntropy() : new WeightedLoss(new ProbabilityCrossEntropy(), weight);
    }
    return loss(head);
  }

  /** The head's loss, wrapped in a {@link WeightedLoss} unless its weight is 1. */
  static ILossFunction loss(OutputModel head) {
    ILossFunction plain = lossFunction(head.node().loss()).getILossFunction();
    double weight = head.node().weight();
    return weight == 1.0 ? plain : new WeightedLoss(plain, weight);
  }
}
