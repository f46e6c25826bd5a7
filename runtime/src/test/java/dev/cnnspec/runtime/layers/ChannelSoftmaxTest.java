package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The per-pixel softmax against its definition written out here (exp over the sum of exps of one
 * pixel's channels), DL4J's own softmax shown to normalise another axis on NCHW (why this class
 * exists), and the gradient by DL4J's numerical check in double precision through a convolution
 * and a {@code CnnLossLayer}, as a per-pixel head uses it.
 */
@ExtendWith(DoublePrecision.class)
class ChannelSoftmaxTest {

  private static INDArray sample() {
    Nd4j.getRandom().setSeed(11);
    return Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5).subi(0.5).muli(6);
  }

  @Test
  void eachPixelIsOneDistributionOverTheChannels() {
    INDArray x = sample();
    INDArray y = new ChannelSoftmax().getActivation(x.dup(), false);
    for (int n = 0; n < 2; n++) {
      for (int h = 0; h < 4; h++) {
        for (int w = 0; w < 5; w++) {
          double sum = 0;
          for (int c = 0; c < 3; c++) {
            sum += Math.exp(x.getDouble(n, c, h, w));
          }
          for (int c = 0; c < 3; c++) {
            assertEquals(Math.exp(x.getDouble(n, c, h, w)) / sum, y.getDouble(n, c, h, w), 1e-12,
                "pixel " + n + "," + h + "," + w + " channel " + c);
          }
        }
      }
    }
  }

  /** In single precision too: that path goes through oneDNN, whose 4-d softmax along the channels is wrong. */
  @Test
  void singlePrecisionPixelsSumToOne() {
    INDArray x = sample().castTo(DataType.FLOAT);
    INDArray sums = new ChannelSoftmax().getActivation(x, false).sum(1);
    assertEquals(0, Nd4j.ones(DataType.FLOAT, 2, 4, 5).distance1(sums), 1e-4, sums::toString);
  }

  @Test
  void onFlatArraysItIsDl4jsSoftmax() {
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 7);
    INDArray dl4j = Activation.SOFTMAX.getActivationFunction().getActivation(x.dup(), false);
    assertEquals(dl4j, new ChannelSoftmax().getActivation(x.dup(), false));
  }

  /** The reason for the class: on [N, C, H, W] DL4J M2.1's softmax sums to 1 over the width. */
  @Test
  void dl4jsOwnSoftmaxIsNotPerPixel() {
    INDArray y = Activation.SOFTMAX.getActivationFunction().getActivation(sample(), false);
    assertEquals(Nd4j.ones(DataType.DOUBLE, 2, 3, 4), y.sum(3).castTo(DataType.DOUBLE));
    assertTrue(Math.abs(y.sum(1).getDouble(0, 0, 0) - 1) > 1e-3, "DL4J's softmax became per-channel: "
        + "ChannelSoftmax may no longer be needed");
  }

  @Test
  void gradientCheckThroughAPerPixelHead() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(4, 5, 2))
        .addLayer("seg", new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
            .activation(new ChannelSoftmax()).build(), "in")
        .addLayer("loss", new CnnLossLayer.Builder(LossFunction.MCXENT).activation(Activation.IDENTITY).build(), "seg")
        .setOutputs("loss")
        .build();
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(3);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5).subi(0.5);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 4, 5);
    for (int n = 0; n < 2; n++) {
      for (int h = 0; h < 4; h++) {
        for (int w = 0; w < 5; w++) {
          labels.putScalar(new int[] {n, (n + h + w) % 3, h, w}, 1.0);
        }
      }
    }
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ through conv(softmax over channels)");
  }

  /** Any memory layout DL4J hands over: c, f, an NHWC buffer seen as NCHW, and float. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"c", "f", "permuted", "float"})
  void normalisesTheChannelsOfEachPixelInEveryLayout(String layout) {
    Nd4j.getRandom().setSeed(5);
    INDArray x = switch (layout) {
      case "f" -> Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5).dup('f');
      // NHWC memory seen as NCHW, as DL4J's convolution output can be
      case "permuted" -> Nd4j.rand(DataType.DOUBLE, 2, 4, 5, 3).permute(0, 3, 1, 2);
      case "float" -> Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5);
      default -> Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
    };
    x.subi(0.5).muli(6);
    INDArray y = new ChannelSoftmax().getActivation(x.dup(), false);
    for (int n = 0; n < 2; n++) {
      for (int h = 0; h < 4; h++) {
        for (int w = 0; w < 5; w++) {
          double sum = 0;
          for (int c = 0; c < 3; c++) {
            sum += Math.exp(x.getDouble(n, c, h, w));
          }
          for (int c = 0; c < 3; c++) {
            assertEquals(Math.exp(x.getDouble(n, c, h, w)) / sum, y.getDouble(n, c, h, w), 1e-6, layout);
          }
        }
      }
    }
  }
}
