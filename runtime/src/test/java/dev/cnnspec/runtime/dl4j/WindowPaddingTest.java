package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Padding as the checker infers it is what DL4J computes: explicit symmetric padding, average
 * pooling that counts pads or not, and {@code same} with a stride larger than the window, which
 * DL4J's own Same mode rejects ("Invalid padding values calculated: [-1, -1]", issue 10 item 3;
 * checked to fail on the main of 2026-12-01 for the conv and pool rows below).
 */
class WindowPaddingTest {

  private static NetworkModel model(String layers, int size) {
    String spec = "network N() {\n  input image: [" + size + ", " + size + ", 3]\n"
        + "  x = image -> " + layers + "\n  output probs = x -> flatten -> dense(2, activation: softmax)\n}\n";
    return SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
  }

  @ParameterizedTest(name = "{0} on {1}×{1} gives {2}×{2}")
  @CsvSource(delimiter = ';', value = {
      "conv(4, 1, stride: 4, padding: same); 28; 7",
      "conv(4, 1, stride: 4, padding: same); 9; 3",
      "conv(4, 1, stride: 3, padding: same); 10; 4",
      "maxpool(2, stride: 4, padding: same); 28; 7",
      "avgpool(2, stride: 3, padding: same); 11; 4",
      "conv(4, 3, stride: 5, padding: same); 12; 3",
      "conv(4, 3, padding: 1); 8; 8",
      "conv(4, [3, 5], padding: [1, 2]); 9; 9",
      "conv(4, 7, stride: 2, padding: 3); 15; 8",
      "maxpool(3, stride: 2, padding: 1); 15; 8",
      "avgpool(3, stride: 2, padding: 1, count_pad: true); 15; 8"})
  void dl4jComputesTheInferredSize(String layer, int in, int out) {
    NetworkModel model = model(layer, in);
    Shape.Spatial x = (Shape.Spatial) model.shapeOf("x").orElseThrow();
    assertEquals(out, x.height(), "checker");
    assertEquals(out, x.width(), "checker");
    Dl4jOracle.agrees(model);
  }

  @Test
  void strideBeyondTheWindowUsesTruncateWithoutPadding() {
    ComputationGraphConfiguration conf = Dl4jGraphFactory.configuration(
        model("conv(4, 1, stride: 4, padding: same) -> maxpool(2, stride: 4, padding: same)", 28), 1,
        new org.nd4j.linalg.learning.config.Sgd(0.1));
    ConvolutionLayer conv = (ConvolutionLayer) layer(conf, "conv_1");
    assertEquals(ConvolutionMode.Truncate, conv.getConvolutionMode());
    assertArrayEquals(new int[] {0, 0}, conv.getPadding());
    SubsamplingLayer pool = (SubsamplingLayer) layer(conf, "x");
    assertEquals(ConvolutionMode.Truncate, pool.getConvolutionMode());
    assertArrayEquals(new int[] {0, 0}, pool.getPadding());
  }

  @Test
  void sameWithinTheWindowKeepsDl4jSameMode() {
    ComputationGraphConfiguration conf = Dl4jGraphFactory.configuration(
        model("conv(4, 3, stride: 2, padding: same)", 8), 1, new org.nd4j.linalg.learning.config.Sgd(0.1));
    assertEquals(ConvolutionMode.Same, ((ConvolutionLayer) layer(conf, "x")).getConvolutionMode());
  }

  /**
   * A 3×3 average over a 2×2 input of ones padded by 1: each window covers 4 of its 9 pixels, so
   * counting pads gives 4/9 and not counting them gives 1 (Keras and DL4J's default, ours too).
   */
  @ParameterizedTest
  @CsvSource({"false, 1.0", "true, 0.4444444"})
  void averagePoolingCountsPadsOnlyWhenAsked(boolean countPad, double expected) {
    String spec = "network N() {\n  input image: [2, 2, 1]\n  x = image -> avgpool(3, stride: 1, padding: 1, count_pad: "
        + countPad + ")\n  output probs = x -> flatten -> dense(2, activation: softmax)\n}\n";
    NetworkModel model = SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
    ComputationGraph graph = Dl4jGraphFactory.network(model, 1, new org.nd4j.linalg.learning.config.Sgd(0.1));
    INDArray x = graph.feedForward(Nd4j.ones(1, 1, 2, 2), false).get("x");
    assertArrayEquals(new long[] {1, 1, 2, 2}, x.shape());
    for (double v : x.ravel().toDoubleVector()) {
      assertEquals(expected, v, 1e-6);
    }
    assertTrue(countPad == ((SubsamplingLayer) layer(graph.getConfiguration(), "x")).isAvgPoolIncludePadInDivisor());
  }

  /** Padding never wins a maximum: over an input of −1s every window's maximum is −1, not 0. */
  @Test
  void maxPoolingIgnoresPadding() {
    String spec = "network N() {\n  input image: [3, 3, 1]\n  x = image -> maxpool(3, stride: 1, padding: 1)\n"
        + "  output probs = x -> flatten -> dense(2, activation: softmax)\n}\n";
    NetworkModel model = SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
    ComputationGraph graph = Dl4jGraphFactory.network(model, 1, new org.nd4j.linalg.learning.config.Sgd(0.1));
    INDArray x = graph.feedForward(Nd4j.ones(1, 1, 3, 3).neg(), false).get("x");
    assertArrayEquals(new long[] {1, 1, 3, 3}, x.shape());
    for (double v : x.ravel().toDoubleVector()) {
      assertEquals(-1.0, v, 1e-6);
    }
  }

  @Test
  void theTestNetworkOfEveryPaddingForm() {
    NetworkModel model = TestNetworks.padding();
    assertEquals(834, TestNetworks.PADDING_PARAMS);
    assertEquals(TestNetworks.PADDING_PARAMS, model.totalParameters());
    Dl4jOracle.agrees(model);
  }

  private static org.deeplearning4j.nn.conf.layers.Layer layer(ComputationGraphConfiguration conf, String name) {
    return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
  }
}
