package dev.cnnspec.runtime.dl4j;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.layers.MaxFeatureMap;
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
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
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
 * equal to ours), of a flat one → an identity activation layer. Average pooling keeps DL4J's
 * builder default of not counting padding in the divisor, which is Keras's behaviour too.
 */
final class Dl4jLayers {
  private Dl4jLayers() {}

  /** A DL4J layer for {@code op}, or null when the op is a vertex ({@link #vertex}). */
  static Layer layer(Op op, NetworkModel model, String inputName) {
    if (op instanceof Op.Conv2D c) {
      return new ConvolutionLayer.Builder(c.kernel().height(), c.kernel().width())
          .nOut(c.filters())
          .stride(c.stride().height(), c.stride().width())
          .dilation(c.dilation().height(), c.dilation().width())
          .convolutionMode(mode(c.padding()))
          .activation(activation(c.activation(), c.alpha()))
          .hasBias(c.bias())
          .build();
    } else if (op instanceof Op.Pool2D p) {
      return new SubsamplingLayer.Builder(p.type() == dev.cnnspec.model.PoolType.MAX ? PoolingType.MAX : PoolingType.AVG)
          .kernelSize(p.pool().height(), p.pool().width())
          .stride(p.stride().height(), p.stride().width())
          .convolutionMode(mode(p.padding()))
          .build();
    } else if (op instanceof Op.GlobalPool g) {
      return new GlobalPoolingLayer.Builder(g.type() == dev.cnnspec.model.PoolType.MAX ? PoolingType.MAX : PoolingType.AVG)
          .build();
    } else if (op instanceof Op.ZeroPad z) {
      return new ZeroPaddingLayer.Builder(z.top(), z.bottom(), z.left(), z.right()).build();
    } else if (op instanceof Op.Dense d) {
      return new DenseLayer.Builder()
          .nOut(d.units())
          .activation(activation(d.activation(), d.alpha()))
          .hasBias(d.bias())
          .build();
    } else if (op instanceof Op.Dropout d) {
      return new DropoutLayer.Builder(retainProbability(d.rate())).build();
    } else if (op instanceof Op.BatchNorm b) {
      return new BatchNormalization.Builder().decay(b.momentum()).eps(b.epsilon()).build();
    } else if (op instanceof Op.Flatten) {
      return isSpatial(model, inputName) ? null
          : new ActivationLayer.Builder().activation(org.nd4j.linalg.activations.Activation.IDENTITY).build();
    } else if (op instanceof Op.ActivationOp a) {
      return new ActivationLayer.Builder().activation(activation(a.activation(), a.alpha())).build();
    } else if (op instanceof Op.Mfm) {
      return MaxFeatureMap.builder().build();
    }
    return null;
  }

  /** The vertex for {@code add}, {@code concat} and a spatial {@code flatten}. */
  static GraphVertex vertex(Op op, NetworkModel model, String inputName) {
    if (op instanceof Op.Add) {
      return new ElementWiseVertex(ElementWiseVertex.Op.Add);
    } else if (op instanceof Op.Concat) {
      return new MergeVertex();
    } else if (op instanceof Op.Flatten) {
      Shape.Spatial s = (Shape.Spatial) model.shapeOf(inputName).orElseThrow();
      return new PreprocessorVertex(new CnnToFeedForwardPreProcessor(s.height(), s.width(), s.channels()));
    }
    throw new IllegalArgumentException("no DL4J translation for op " + op.kind());
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
      return new CnnLossLayer.Builder(loss(head)).activation(activation(activation, 0)).build();
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

  static ConvolutionMode mode(Padding padding) {
    return padding == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
  }

  static IActivation activation(Activation activation, double alpha) {
    return switch (activation) {
      case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction();
      case RELU -> org.nd4j.linalg.activations.Activation.RELU.getActivationFunction();
      case LEAKY_RELU -> new ActivationLReLU(alpha);
      case TANH -> org.nd4j.linalg.activations.Activation.TANH.getActivationFunction();
      case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID.getActivationFunction();
      case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX.getActivationFunction();
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

  /** The head's loss, wrapped in a {@link WeightedLoss} unless its weight is 1. */
  static ILossFunction loss(OutputModel head) {
    ILossFunction plain = lossFunction(head.node().loss()).getILossFunction();
    double weight = head.node().weight();
    return weight == 1.0 ? plain : new WeightedLoss(plain, weight);
  }
}
