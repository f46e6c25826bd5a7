package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.layers.Reference;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The ops of issue 12 through the checker and DL4J: shapes and counts against hand arithmetic
 * (and Keras's published formulas: SeparableConv2D has k·k·C·m + C·m·F + F parameters), DL4J's
 * {@code numParams()} and per-layer forward shapes equal to the checker's, a finite backward pass,
 * and every activation's values against its formula written out here.
 */
class NewOpsTest {

  /** A network whose layer {@code x} is {@code layers} on an input of shape {@code input}, then a softmax head. */
  static NetworkModel model(String input, String layers) {
    String spec = "network N() {\n  input image: " + input + "\n  x = image -> " + layers
        + "\n  output probs = x -> flatten -> dense(3, activation: softmax)\n}\n";
    return SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
  }

  @ParameterizedTest(name = "{1} on {0}")
  @CsvSource(delimiter = ';', value = {
      // input; layer; output shape; parameters of x
      "[8, 8, 4]; depthwise_conv(3, multiplier: 2, padding: same); (8, 8, 8); 80",
      "[9, 9, 3]; depthwise_conv(3, stride: 2); (4, 4, 3); 30",
      "[9, 9, 3]; depthwise_conv([3, 1], multiplier: 3, stride: 2, padding: same, bias: false); (5, 5, 9); 27",
      "[8, 8, 4]; depthwise_conv(3, padding: 1); (8, 8, 4); 40",
      "[8, 8, 4]; separable_conv(4, 3, padding: 1, dilation: 2); (6, 6, 4); 56",
      "[8, 8, 4]; separable_conv(16, 3, multiplier: 2, padding: 1); (8, 8, 16); 216",
      "[8, 8, 4]; separable_conv(6, 3, stride: 2, padding: same, bias: false); (4, 4, 6); 60",
      "[6, 6, 5]; prelu; (6, 6, 5); 180",
      "[5, 5, 3]; globalavgpool(keep: true); (1, 1, 3); 0",
      "[5, 5, 3]; globalmaxpool(keep: true); (1, 1, 3); 0",
      "[4, 4, 3]; upsample; (8, 8, 3); 0",
      "[4, 5, 3]; upsample([2, 3]); (8, 15, 3); 0",
      // (4 − 1)·2 + 3 = 9; 3·3·3·6 + 6
      "[4, 4, 3]; conv_transpose(6, 3, stride: 2); (9, 9, 6); 168",
      // (4 − 1)·2 + 4 − 2·1 = 8 (DCGAN's and U-Net's up-convolution); 4·4·3·6 + 6
      "[4, 4, 3]; conv_transpose(6, 4, stride: 2, padding: 1); (8, 8, 6); 294",
      "[4, 4, 3]; conv_transpose(6, 2, stride: 2, padding: same, bias: false); (8, 8, 6); 72",
      "[5, 5, 3]; conv_transpose(2, 3, stride: 3, padding: same); (15, 15, 2); 56",
      "[5, 7, 3]; conv_transpose(2, [3, 1], stride: [1, 2], padding: same); (5, 14, 2); 20"})
  void shapesCountsAndDl4j(String input, String layer, String shape, long params) {
    NetworkModel m = model(input, layer);
    LayerModel x = m.layer("x").orElseThrow();
    assertEquals(shape, x.outputShape().toString());
    assertEquals(params, x.parameters());
    Dl4jOracle.agrees(m);
  }

  @Test
  void preluOnAFlatTensorLearnsOneSlopePerUnitStartingAtZero() {
    String spec = "network N() {\n  input v: [7]\n  x = v -> dense(5) -> prelu\n"
        + "  output probs = x -> dense(3, activation: softmax)\n}\n";
    NetworkModel m = SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
    assertEquals(5, m.layer("x").orElseThrow().parameters());
    ComputationGraph graph = Dl4jOracle.agrees(m);
    // slopes start at 0, as Keras's: negative inputs become 0
    INDArray out = graph.getLayer("x").activate(Nd4j.createFromArray(new float[][] {{-2, 3, -1, 0, 4}}), false,
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
    assertEquals("[[0,3.0000,0,0,4.0000]]", out.toString().replace(" ", "").replace("-0", "0"));
  }

  @Test
  void squeezeAndExcitation() {
    NetworkModel m = TestNetworks.squeezeExcite();
    assertEquals(1_565, TestNetworks.SE_PARAMS);
    assertEquals(TestNetworks.SE_PARAMS, m.totalParameters());
    assertEquals("(6, 6, 8)", m.layer("y").orElseThrow().outputShape().toString());
    assertEquals("(6, 6, 8)", m.layer("z").orElseThrow().outputShape().toString());
    Dl4jOracle.agrees(m);
  }

  /** A 2×2×2 input times a gate of [2, 3]: each channel scaled by its own gate value. */
  @Test
  void multiplyScalesEachChannelByItsGate() {
    String spec = "network N() {\n  input image: [2, 2, 2]\n  input g: [2]\n  x = multiply(image, g)\n"
        + "  output probs = x -> flatten -> dense(2, activation: softmax)\n}\n";
    NetworkModel m = SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
    ComputationGraph graph = Dl4jGraphFactory.network(m, 1, new Sgd(0.1));
    INDArray image = Nd4j.arange(8).reshape(1, 2, 2, 2).castTo(Nd4j.defaultFloatingPointType());
    INDArray gate = Nd4j.createFromArray(new float[][] {{2, 3}});
    INDArray x = graph.feedForward(new INDArray[] {image, gate}, false).get("x");
    assertEquals("[0,2,4,6,12,15,18,21]", java.util.Arrays.toString(x.ravel().toIntVector()).replace(" ", ""));
  }

  @Test
  void theDecoderTestNetwork() {
    NetworkModel m = TestNetworks.decoder();
    assertEquals(409, TestNetworks.DECODER_PARAMS);
    assertEquals(TestNetworks.DECODER_PARAMS, m.totalParameters());
    Dl4jOracle.agrees(m);
  }

  @Test
  void theTestNetworkOfEveryNewOp() {
    NetworkModel m = TestNetworks.modern();
    assertEquals(4_234, TestNetworks.MODERN_PARAMS);
    assertEquals(TestNetworks.MODERN_PARAMS, m.totalParameters());
    Dl4jOracle.agrees(m);
  }

  private static final double SELU_LAMBDA = 1.0507009873554805;
  private static final double SELU_ALPHA = 1.6732632423543772;

  private static DoubleUnaryOperator formula(String name) {
    return switch (name) {
      case "relu6" -> x -> Math.min(Math.max(x, 0), 6);
      case "swish", "silu" -> x -> x / (1 + Math.exp(-x));
      case "hard_sigmoid" -> x -> Math.min(Math.max(x + 3, 0), 6) / 6;
      case "hard_swish" -> x -> x * Math.min(Math.max(x + 3, 0), 6) / 6;
      case "gelu" -> x -> x * Reference.normalCdf(x);
      case "elu" -> x -> x > 0 ? x : Math.exp(x) - 1;
      case "selu" -> x -> SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1));
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"relu6", "swish", "silu", "hard_sigmoid", "hard_swish", "gelu", "elu", "selu"})
  void activationValuesAreTheirFormulas(String name) {
    String spec = "network N() {\n  input v: [12]\n  x = v -> " + name + "\n"
        + "  output probs = x -> dense(3, activation: softmax)\n}\n";
    NetworkModel m = SpecInterpreter.model(Map.of("n.cnn", spec), "N", Map.of());
    ComputationGraph graph = Dl4jGraphFactory.network(m, 1, new Sgd(0.1));
    double[] xs = {-8, -3.5, -2, -1, -0.5, -0.1, 0, 0.2, 1, 2.5, 4, 7};
    INDArray out = graph.feedForward(Nd4j.createFromArray(new double[][] {xs}).castTo(Nd4j.defaultFloatingPointType()),
        false).get("x");
    DoubleUnaryOperator f = formula(name);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(f.applyAsDouble(xs[i]), out.getDouble(0, i), 2e-5, name + "(" + xs[i] + ")");
    }
    Dl4jOracle.backwardPassIsFinite(m, graph);
  }

  @Test
  void spatialShapesPrintAsTheSummaryDoes() {
    assertEquals("(8, 8, 8)", Shape.spatial(8, 8, 8).toString());
  }
}
