package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
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
 * {@link ChannelSoftmax} against softmax written out over the channels of each pixel, its gradient
 * by DL4J's numerical check in double precision, and its JSON round trip.
 */
@ExtendWith(DoublePrecision.class)
class ChannelSoftmaxTest {
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"c", "f", "permuted", "float"})
  void normalisesTheChannelsOfEachPixel(String layout) {
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

  @Test
  void gradientsAreTheNumericalOnes() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(4, 5, 2))
        .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(new ChannelSoftmax()).build(), "in")
        .addLayer("out", new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(), "conv")
        .setOutputs("out")
        .build();
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(3);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5).subi(0.5).muli(4);
    INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ through the channel softmax");
  }
}
