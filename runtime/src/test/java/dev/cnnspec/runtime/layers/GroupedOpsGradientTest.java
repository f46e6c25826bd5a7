package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The runtime's {@link GroupedConvolution} and {@link ChannelVertex} by DL4J's numerical gradient
 * check in double precision, each between two ordinary convolutions so that the gradient reaching
 * their input (and, for the grouped convolution, its weights and bias) is checked, after a JSON round
 * trip of the configuration (what a saved model's loading depends on). Up to 12 entries of each
 * parameter array are perturbed (a few seconds instead of twenty), every array of every layer.
 */
@ExtendWith(DoublePrecision.class)
class GroupedOpsGradientTest {

  private static ComputationGraph graph(int channels, String name, Object middle, int midChannels) {
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(5, 5, 2))
        .addLayer("a", new ConvolutionLayer.Builder(1, 1).nOut(channels).activation(Activation.TANH).build(), "in");
    if (middle instanceof GraphVertex v) {
      b.addVertex(name, v, "a");
    } else {
      b.addLayer(name, (org.deeplearning4j.nn.conf.layers.Layer) middle, "a");
    }
    ComputationGraphConfiguration conf = b
        .addLayer("c", new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(), name)
        .addVertex("f", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(4, 4, 2)), "c")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "f")
        .setOutputs("out")
        .build();
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");
    ComputationGraph graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
    graph.init();
    assertEquals(midChannels, graph.feedForward(input(), false).get(name).size(1));
    return graph;
  }

  private static INDArray input() {
    Nd4j.getRandom().setSeed(5);
    return Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5).subi(0.5);
  }

  private static void check(ComputationGraph graph, String what) {
    INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0, 1}});
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input()}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).subset(true).maxPerParam(12));
    assertTrue(ok, "numerical and analytic gradients differ through " + what);
  }

  @ParameterizedTest(name = "{0} groups, {1} in, {2} out, same {3}, bias {4}, dilation {5}")
  @CsvSource({"3, 6, 3, false, true, 1", "2, 4, 4, false, false, 2", "4, 4, 8, true, true, 2"})
  void groupedConvolution(int groups, int in, int out, boolean same, boolean bias, int dilation) {
    ConvolutionLayer conv = GroupedConvolution.builder(3, 3).groups(groups).nOut(out)
        .stride(1, 1).padding(same ? 0 : dilation, same ? 0 : dilation).dilation(dilation, dilation)
        .convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate)
        .activation(Activation.SIGMOID).hasBias(bias).build();
    ComputationGraph g = graph(in, "g", conv, out);
    assertEquals((long) 9 * in / groups * out + (bias ? out : 0), g.getLayer("g").numParams(), "grouped count");
    check(g, "grouped convolution");
  }

  @ParameterizedTest(name = "shuffle between {0} groups")
  @ValueSource(ints = {2, 3})
  void channelShuffle(int groups) {
    check(graph(6, "s", ChannelVertex.shuffle(groups), 6), "channel shuffle");
  }

  @ParameterizedTest(name = "part {1} of {0}")
  @CsvSource({"2, 0", "2, 1", "3, 2"})
  void channelSplit(int parts, int index) {
    check(graph(6, "p", ChannelVertex.split(parts, index), 6 / parts), "channel split");
  }
}
