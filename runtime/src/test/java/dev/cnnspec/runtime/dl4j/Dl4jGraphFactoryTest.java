package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.layers.MaxFeatureMap;
import dev.cnnspec.runtime.layers.WeightedLoss;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The DL4J translation: parameter counts equal the hand-derived ones, forward passes give the
 * model's output shapes, the design's mapping rules show in the configuration, and its JSON
 * round-trips.
 */
class Dl4jGraphFactoryTest {

  private static ComputationGraph network(NetworkModel model) {
    return Dl4jGraphFactory.network(model, 42, new Adam(1e-3));
  }

  private static Layer layer(ComputationGraphConfiguration conf, String name) {
    return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
  }

  private static void assertForwardShape(ComputationGraph graph, long[] input, long[]... outputs) {
    INDArray[] out = graph.output(Nd4j.zeros(input));
    assertEquals(outputs.length, out.length);
    for (int i = 0; i < outputs.length; i++) {
      assertArrayEquals(outputs[i], out[i].shape(), "output " + i);
    }
  }

  private static void assertJsonRoundTrip(ComputationGraphConfiguration conf) {
    String json = conf.toJson();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(conf, back);
    assertEquals(json, back.toJson());
  }

  @Test
  void lenet5() {
    NetworkModel model = TestNetworks.lenet5();
    assertEquals(61_706, TestNetworks.LENET_PARAMS);
    ComputationGraph graph = network(model);
    assertEquals(TestNetworks.LENET_PARAMS, graph.numParams());
    assertEquals(model.totalParameters(), graph.numParams());
    assertForwardShape(graph, new long[] {2, 1, 32, 32}, new long[] {2, 10});
    ComputationGraphConfiguration conf = graph.getConfiguration();
    assertEquals(List.of("probs"), conf.getNetworkOutputs());
    assertInstanceOf(OutputLayer.class, layer(conf, "probs"));
    assertInstanceOf(LossMCXENT.class, ((OutputLayer) layer(conf, "probs")).getLossFn());
    assertInstanceOf(PreprocessorVertex.class, conf.getVertices().get("f"));
    assertEquals(ConvolutionMode.Truncate, ((ConvolutionLayer) layer(conf, "conv_1")).getConvolutionMode());
    assertEquals(ConvolutionMode.Truncate, ((SubsamplingLayer) layer(conf, "maxpool_1")).getConvolutionMode());
    assertInstanceOf(WeightInitXavierUniform.class, ((BaseLayer) layer(conf, "dense_1")).getWeightInitFn());
    assertJsonRoundTrip(conf);
  }

  @Test
  void residualBlockWithBatchNorm() {
    NetworkModel model = TestNetworks.residual();
    ComputationGraph graph = network(model);
    assertEquals(3_178, TestNetworks.RESIDUAL_PARAMS);
    assertEquals(TestNetworks.RESIDUAL_PARAMS, graph.numParams());
    assertEquals(model.totalParameters(), graph.numParams());
    assertForwardShape(graph, new long[] {2, 3, 8, 8}, new long[] {2, 10});
    ComputationGraphConfiguration conf = graph.getConfiguration();
    assertEquals(ConvolutionMode.Same, ((ConvolutionLayer) layer(conf, "conv_1")).getConvolutionMode());
    assertFalse(((ConvolutionLayer) layer(conf, "conv_2")).hasBias());
    BatchNormalization bn = (BatchNormalization) layer(conf, "bn_1");
    assertEquals(0.99, bn.getDecay());
    assertEquals(1e-3, bn.getEps());
    assertEquals(ElementWiseVertex.Op.Add, ((ElementWiseVertex) conf.getVertices().get("add_1")).getOp());
    assertEquals(0.2, ((ActivationLReLU) ((org.deeplearning4j.nn.conf.layers.ActivationLayer)
        layer(conf, "leaky_relu_1")).getActivationFn()).getAlpha());
    // drop rate 0.25 is DL4J's retain probability 0.75
    assertEquals(0.75, ((Dropout) ((DropoutLayer) layer(conf, "dropout_1")).getIDropout()).getP());
    assertJsonRoundTrip(conf);
  }

  @Test
  void inceptionConcat() {
    NetworkModel model = TestNetworks.inception();
    ComputationGraph graph = network(model);
    assertEquals(558, TestNetworks.INCEPTION_PARAMS);
    assertEquals(TestNetworks.INCEPTION_PARAMS, graph.numParams());
    assertEquals(model.totalParameters(), graph.numParams());
    assertInstanceOf(MergeVertex.class, graph.getConfiguration().getVertices().get("inc"));
    assertForwardShape(graph, new long[] {2, 8, 8, 8}, new long[] {2, 10});
    assertJsonRoundTrip(graph.getConfiguration());
  }

  @Test
  void maxFeatureMapNetwork() {
    NetworkModel model = TestNetworks.mfm();
    ComputationGraph graph = network(model);
    assertEquals(2_136, TestNetworks.MFM_PARAMS);
    assertEquals(TestNetworks.MFM_PARAMS, graph.numParams());
    assertEquals(model.totalParameters(), graph.numParams());
    ComputationGraphConfiguration conf = graph.getConfiguration();
    for (String mfm : List.of("conv_1_mfm", "conv_2_mfm", "dense_1_mfm")) {
      assertInstanceOf(MaxFeatureMap.class, layer(conf, mfm), mfm);
    }
    assertForwardShape(graph, new long[] {2, 1, 12, 12}, new long[] {2, 10});
    assertArrayEquals(new long[] {2, 3, 6, 6}, graph.feedForward(Nd4j.zeros(2, 1, 12, 12), false)
        .get("conv_2_mfm").shape());
    assertJsonRoundTrip(conf);
  }

  @Test
  void twoOutputsWithWeightedAuxiliaryHead() {
    NetworkModel model = TestNetworks.twoHeads();
    ComputationGraph graph = network(model);
    assertEquals(959, TestNetworks.TWO_HEADS_PARAMS);
    assertEquals(TestNetworks.TWO_HEADS_PARAMS, graph.numParams());
    assertEquals(model.totalParameters(), graph.numParams());
    ComputationGraphConfiguration conf = graph.getConfiguration();
    // probs: dense read only by its head → OutputLayer; aux: a softmax layer → LossLayer, renamed
    // because the layer already holds the output's name.
    assertEquals(List.of("probs", "aux_loss"), conf.getNetworkOutputs());
    assertInstanceOf(LossMCXENT.class, ((OutputLayer) layer(conf, "probs")).getLossFn());
    LossLayer aux = (LossLayer) layer(conf, "aux_loss");
    assertEquals(new WeightedLoss(new LossMCXENT(), 0.3), aux.getLossFn());
    assertInstanceOf(ActivationSoftmax.class,
        ((org.deeplearning4j.nn.conf.layers.ActivationLayer) layer(conf, "aux")).getActivationFn());
    assertForwardShape(graph, new long[] {2, 3, 8, 8}, new long[] {2, 10}, new long[] {2, 5});
    assertJsonRoundTrip(conf);
  }

  @Test
  void everyOp() {
    NetworkModel model = TestNetworks.everyOp();
    ComputationGraph graph = network(model);
    assertEquals(2_158, TestNetworks.EVERY_OP_PARAMS);
    assertEquals(TestNetworks.EVERY_OP_PARAMS, graph.numParams());
    assertEquals(model.totalParameters(), graph.numParams());
    ComputationGraphConfiguration conf = graph.getConfiguration();
    assertEquals(List.of("probs", "aux_loss"), conf.getNetworkOutputs());
    assertEquals(new WeightedLoss(new org.nd4j.linalg.lossfunctions.impl.LossMSE(), 0.3),
        ((LossLayer) layer(conf, "aux_loss")).getLossFn());
    assertForwardShape(graph, new long[] {2, 3, 8, 8}, new long[] {2, 10}, new long[] {2, 8});
    assertJsonRoundTrip(conf);
  }

  @Test
  void feedForwardInputWithUnfusedHead() {
    NetworkModel model = TestNetworks.feedForward();
    ComputationGraph graph = network(model);
    assertEquals(204, TestNetworks.FEED_FORWARD_PARAMS);
    assertEquals(TestNetworks.FEED_FORWARD_PARAMS, graph.numParams());
    ComputationGraphConfiguration conf = graph.getConfiguration();
    assertInstanceOf(org.deeplearning4j.nn.conf.layers.ActivationLayer.class, layer(conf, "flatten_1"));
    assertInstanceOf(MaxFeatureMap.class, layer(conf, "out_mfm"));
    assertEquals(List.of("out_loss"), conf.getNetworkOutputs());
    assertInstanceOf(org.nd4j.linalg.lossfunctions.impl.LossMAE.class, ((LossLayer) layer(conf, "out_loss")).getLossFn());
    assertForwardShape(graph, new long[] {2, 20}, new long[] {2, 2});
    assertJsonRoundTrip(conf);
  }

  /**
   * Per-pixel softmax, written both ways a user would: each pixel's channels sum to 1 in DL4J's
   * output. On main both summed to 1 over the width instead (DL4J's softmax on NCHW).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"conv(3, 1, activation: softmax)", "conv(3, 1) -> softmax"})
  void perPixelSoftmaxIsOverTheChannels(String head) {
    NetworkModel model = SpecInterpreter.model(java.util.Map.of("seg.cnn", """
        network Seg() {
          input image: [6, 5, 2]
          output mask = image -> conv(4, 3, padding: same, activation: relu) -> %s
        }
        """.formatted(head)), "Seg", java.util.Map.of());
    ComputationGraph graph = network(model);
    assertEquals(model.totalParameters(), graph.numParams());
    Nd4j.getRandom().setSeed(5);
    INDArray out = graph.output(Nd4j.rand(2, 2, 6, 5).muli(4))[0];
    assertArrayEquals(new long[] {2, 3, 6, 5}, out.shape());
    INDArray sums = out.sum(1);
    assertEquals(0, Nd4j.ones(sums.dataType(), 2, 6, 5).distance1(sums), 1e-4, "per-pixel sums " + sums);
    assertJsonRoundTrip(graph.getConfiguration());
  }

  @Test
  void spatialHeadGetsCnnLossLayer() {
    NetworkModel model = TestNetworks.segmentation();
    ComputationGraph graph = network(model);
    assertEquals(TestNetworks.SEGMENTATION_PARAMS, graph.numParams());
    ComputationGraphConfiguration conf = graph.getConfiguration();
    assertEquals(List.of("seg_loss"), conf.getNetworkOutputs());
    assertInstanceOf(org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT.class,
        ((org.deeplearning4j.nn.conf.layers.CnnLossLayer) layer(conf, "seg_loss")).getLossFn());
    assertForwardShape(graph, new long[] {2, 2, 4, 4}, new long[] {2, 3, 4, 4});
    assertJsonRoundTrip(conf);
  }

  @Test
  void seedAndUpdaterReachTheConfiguration() {
    ComputationGraphConfiguration conf = Dl4jGraphFactory.configuration(TestNetworks.lenet5(), 1234, new Adam(0.01));
    assertEquals(1234, conf.getDefaultConfiguration().getSeed());
    assertEquals(new Adam(0.01), ((BaseLayer) layer(conf, "conv_1")).getIUpdater());
    assertNull(conf.getVertices().get("probs_loss"));
  }
}
