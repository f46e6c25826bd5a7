package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
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
 * {@link DepthwiseConvolution} and {@link SeparableConvolution} on one input channel, where
 * DL4J 1.0.0-M2.1's own layers fail: forward values against DL4J's plain {@code ConvolutionLayer}
 * with the equivalent weights (a one-channel depthwise convolution is a convolution with
 * {@code m} filters; a separable one, with the pointwise weights multiplied in), and gradients
 * by DL4J's numerical gradient check (a 1-filter convolution in front, so that the input gradient
 * is checked too).
 */
@ExtendWith(DoublePrecision.class)
class OneChannelConvolutionTest {
  private static final int BATCH = 3;

  private static ComputationGraph graph(int size, Layer... layers) {
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(size, size, 1));
    String previous = "in";
    for (int i = 0; i < layers.length; i++) {
      b.addLayer("l" + i, layers[i], previous);
      previous = "l" + i;
    }
    ComputationGraph graph = new ComputationGraph(b.setOutputs(previous).build());
    graph.init();
    return graph;
  }

  private static Layer head() {
    return new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build();
  }

  private static Layer pool() {
    return new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
  }

  private static void gradientCheck(int size, Layer layer) {
    ComputationGraph graph = graph(size, new ConvolutionLayer.Builder(1, 1).nOut(1).build(), layer, pool(), head());
    Nd4j.getRandom().setSeed(7);
    INDArray input = Nd4j.rand(DataType.DOUBLE, BATCH, 1, size, size).subi(0.5);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, BATCH, 3);
    for (int r = 0; r < BATCH; r++) {
      labels.putScalar(r, r % 3, 1.0);
    }
    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)), "numerical and analytic gradients differ");
  }

  /** The first layer's output for a random batch, and the first layer's weights. */
  private static INDArray forward(ComputationGraph graph, int size) {
    Nd4j.getRandom().setSeed(3);
    INDArray input = Nd4j.rand(DataType.DOUBLE, BATCH, 1, size, size);
    return graph.feedForward(input, false).get("l0");
  }

  private static DepthwiseConvolution.Builder depthwise(int kernel, int multiplier) {
    return (DepthwiseConvolution.Builder) new DepthwiseConvolution.Builder(kernel, kernel).depthMultiplier(multiplier)
        .activation(Activation.TANH);
  }

  private static SeparableConvolution.Builder separable(int kernel, int multiplier, int filters) {
    return (SeparableConvolution.Builder) new SeparableConvolution.Builder(kernel, kernel).depthMultiplier(multiplier)
        .nOut(filters).activation(Activation.TANH);
  }

  @Test
  void depthwiseIsAConvolutionWithMultiplierFilters() {
    for (int[] c : new int[][] {{1, 1, 3}, {5, 3, 2}, {4, 1, 2}}) { // size, kernel, multiplier
      int size = c[0];
      int kernel = c[1];
      int m = c[2];
      ComputationGraph ours = graph(size, depthwise(kernel, m).stride(2, 2).convolutionMode(ConvolutionMode.Same)
          .build(), pool(), head());
      ComputationGraph plain = graph(size, new ConvolutionLayer.Builder(kernel, kernel).nOut(m).stride(2, 2)
          .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH).build(), pool(), head());
      // ours: W [kH, kW, 1, m]; a convolution's: [m, 1, kH, kW]
      plain.getLayer("l0").setParam("W", ours.getLayer("l0").getParam("W").permute(3, 2, 0, 1).dup());
      plain.getLayer("l0").setParam("b", ours.getLayer("l0").getParam("b").dup());
      assertEquals(plain.numParams(), ours.numParams());
      assertEquals(forward(plain, size), forward(ours, size), "size " + size + ", kernel " + kernel + ", m " + m);
    }
  }

  @Test
  void separableIsAConvolutionWithThePointwiseWeightsMultipliedIn() {
    for (int[] c : new int[][] {{1, 1, 1, 3}, {5, 3, 2, 4}, {3, 1, 2, 2}}) { // size, kernel, multiplier, filters
      int size = c[0];
      int kernel = c[1];
      int m = c[2];
      int filters = c[3];
      ComputationGraph ours = graph(size, separable(kernel, m, filters).build(), pool(), head());
      ComputationGraph plain = graph(size, new ConvolutionLayer.Builder(kernel, kernel).nOut(filters)
          .activation(Activation.TANH).build(), pool(), head());
      INDArray depth = ours.getLayer("l0").getParam("W"); // [m, 1, kH, kW]
      INDArray point = ours.getLayer("l0").getParam("pW"); // [filters, m, 1, 1]
      INDArray combined = point.reshape(filters, m).mmul(depth.reshape(m, (long) kernel * kernel))
          .reshape(filters, 1, kernel, kernel);
      plain.getLayer("l0").setParam("W", combined);
      plain.getLayer("l0").setParam("b", ours.getLayer("l0").getParam("b").dup());
      assertEquals(forward(plain, size), forward(ours, size), "size " + size + ", kernel " + kernel + ", m " + m);
    }
  }

  @Test
  void depthwiseGradients() {
    gradientCheck(4, depthwise(2, 2).convolutionMode(ConvolutionMode.Same).build());
    gradientCheck(1, depthwise(1, 3).build());
  }

  @Test
  void separableGradients() {
    gradientCheck(5, separable(3, 2, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same).build());
    gradientCheck(1, separable(1, 1, 3).hasBias(false).build());
  }

  /** The reason for these classes: DL4J's own layers fail on the same networks. */
  @Test
  void dl4jsOwnLayersFailOnOneChannel() {
    ComputationGraph separable = graph(5, new SeparableConvolution2D.Builder(3, 3).nOut(4).build(), pool(), head());
    assertThrows(RuntimeException.class, () -> forward(separable, 5));
    ComputationGraph depthwise = graph(1, new DepthwiseConvolution2D.Builder(1, 1).depthMultiplier(BATCH).build(),
        pool(), head());
    assertThrows(RuntimeException.class, () -> forward(depthwise, 1));
  }

  @Test
  void survivesJson() {
    ComputationGraph graph = graph(4, depthwise(2, 2).build(), separable(1, 1, 2).build(), pool(), head());
    ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson());
    assertEquals(graph.getConfiguration(), restored);
    ComputationGraph again = new ComputationGraph(restored);
    again.init();
    assertInstanceOf(DepthwiseConvolutionLayer.class, again.getLayer("l0"));
    assertInstanceOf(SeparableConvolutionLayer.class, again.getLayer("l1"));
  }
}
