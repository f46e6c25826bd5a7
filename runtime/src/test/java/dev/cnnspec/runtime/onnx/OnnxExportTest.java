package dev.cnnspec.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The ONNX back end against ONNX Runtime: small networks covering every op and the edges of the
 * shape rules (odd sizes under strided {@code same} padding, dilation, several inputs and heads),
 * with batch-norm statistics made far from their initial values so that a wrong layout or a lost
 * epsilon shows.
 */
class OnnxExportTest {
  static final String EVERY_OP = """
      network EveryOp() {
        input image: [9, 11, 3]
        p = image -> zeropad([1, 2, 0, 3]) -> conv(8, 3, activation: leaky_relu, alpha: 0.2, bias: false)
                  -> batchnorm -> maxpool(2, padding: same)
        s = p -> conv(4, 1, padding: same, activation: relu)
        c = p -> conv(8, 3, padding: same, activation: mfm) -> add(s) -> concat(s)
        output probs = c -> flatten -> dropout(0.5) -> dense(10, activation: softmax)
        output aux = c -> globalavgpool loss mse weight 0.3
      }
      """;

  static final String STRIDES = """
      network Strides() {
        input image: [13, 10, 2]
        a = image -> conv(5, 3, stride: 2, padding: same, activation: tanh)
        b = a -> conv(6, [3, 2], stride: [2, 3], padding: same, activation: sigmoid)
        d = image -> conv(4, 3, dilation: 2, padding: same, activation: relu) -> avgpool(3, stride: 2, padding: same)
        e = d -> maxpool(3, stride: 2) -> globalmaxpool
        g = b -> globalavgpool
        output out = concat(g, e) -> dense(3, activation: softmax)
      }
      """;

  static final String FLAT = """
      network Flat() {
        input x: [20]
        input y: [6]
        h = x -> flatten -> dense(8, activation: relu) -> batchnorm -> dense(6, activation: mfm)
        output out = concat(h, y) -> dense(4, activation: leaky_relu) -> dense(2, activation: sigmoid)
            loss binary_cross_entropy
      }
      """;

  static final String RESIDUAL = """
      block basic(x: tensor, filters: int, stride: int = 1, project: bool = false) {
        y = x -> conv(filters, 3, stride: stride, padding: same) -> batchnorm -> relu
              -> conv(filters, 3, padding: same, bias: false) -> batchnorm
        s = x -> (conv(filters, 1, stride: stride) -> batchnorm) when project
        return add(y, s) -> relu
      }
      network Residual() {
        input image: [15, 15, 3]
        x = image -> conv(8, 3, padding: same) -> basic(8) -> basic(16, 2, project: true)
        output probs = x -> globalavgpool -> dense(5, activation: softmax)
      }
      """;

  static final String MODERN = """
      network Modern() {
        input image: [11, 9, 4]
        d = image -> depthwise_conv(3, multiplier: 2, stride: 2, padding: same, activation: relu6)
        s = image -> separable_conv(6, 3, padding: 1, multiplier: 2, dilation: 2, activation: swish)
        g = s -> globalavgpool -> dense(3, activation: relu) -> dense(6, activation: hard_sigmoid)
        k = s -> globalmaxpool(keep: true)
        e = multiply(s, g) -> add(k) -> hard_swish -> conv(8, 3, stride: 2, padding: same, activation: gelu)
        u = d -> conv_transpose(5, 3, stride: 2, padding: same, activation: elu) -> upsample([1, 2])
        t = e -> conv_transpose(5, [3, 2], stride: 3, activation: selu) -> prelu
        p = t -> avgpool(3, stride: 2, padding: 1, count_pad: true) -> flatten
        q = u -> maxpool(3, stride: 2, padding: [1, 0]) -> conv(4, 2, stride: 4, padding: same) -> prelu -> flatten
        output probs = concat(p, q) -> dense(4)
      }
      """;

  /** r15 of the differential property: the head o1 reads o1_mfm, and the dense layer is named o1. */
  static final String MFM_HEAD = """
      network MfmHead() {
        input image: [8, 8, 2]
        t = image -> conv(4, 1, padding: same) -> globalavgpool -> batchnorm
        output o1 = t -> dense(4, activation: mfm) weight 0.3
        output o2 = t -> dense(3, activation: sigmoid) loss binary_cross_entropy
      }
      """;

  /**
   * Per-pixel heads: logits under cross-entropy (the loss layer's softmax), a softmax over the
   * channels inside a convolution and as its own layer (the runtime's ChannelSoftmax in DL4J, Softmax
   * on axis 1 in ONNX), sigmoid under binary cross-entropy, mse; a U-Net-like skip joins them.
   */
  static final String PER_PIXEL = """
      network PerPixel() {
        input image: [8, 6, 2]
        d = image -> conv(4, 3, padding: same, activation: relu)
        u = d -> maxpool(2) -> conv_transpose(4, 2, stride: 2) -> concat(d)
        output seg = u -> conv(3, 1)
        output soft = u -> conv(3, 3, padding: same, activation: softmax) loss nll
        output sm = u -> conv(4, 1) -> softmax weight 0.5
        output edge = u -> conv(1, 1, activation: sigmoid) loss binary_cross_entropy
        output depth = u -> conv(1, 1) loss mse
      }
      """;

  /**
   * r14 of the differential property: zero padding read by pools, on raw inputs in [-1, 1] so that
   * whole windows are negative. ONNX Runtime's optimiser fuses a Pad into the pool after it: with
   * pads at least the window it then refuses the model, and below that it computes a max pool's
   * padding as -inf, not as DL4J's zeros, and an average pool's without the zeros in the divisor.
   */
  static final String PADDED_POOLS = """
      network PaddedPools() {
        input image: [7, 6, 2]
        a = image -> zeropad([0, 1, 2, 0]) -> maxpool(2)
        b = image -> zeropad(1) -> maxpool(3, stride: 2, padding: same)
        c = image -> zeropad([1, 0]) -> dropout(0.5) -> maxpool(2, stride: 1)
        d = image -> zeropad([0, 1, 2, 0]) -> avgpool(2)
        e = image -> zeropad(2) -> avgpool(3, stride: 2, padding: 1, count_pad: true)
        f = image -> zeropad([2, 1]) -> maxpool(2, padding: 1)
        g = image -> zeropad([1, 0, 0, 1]) -> avgpool(3, stride: 2, padding: same)
        output o1 = a -> flatten -> dense(3) loss mse
        output o2 = b -> flatten -> dense(3) loss mse
        output o3 = c -> flatten -> dense(3) loss mse
        output o4 = d -> flatten -> dense(3) loss mse
        output o5 = e -> flatten -> dense(3) loss mse
        output o6 = f -> flatten -> dense(3) loss mse
        output o7 = g -> flatten -> dense(3) loss mse
      }
      """;

  static NetworkModel compile(String spec) {
    Compilation c = new CnnCompiler(List.of(), Map.of()).compile(List.of(new SourceText("test.cnn", spec)));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().get(0);
  }

  /** The DL4J network of the model with random weights and batch-norm statistics far from 0 and 1. */
  static ComputationGraph network(NetworkModel model, long seed) {
    return OnnxRuntimeOracle.perturbBatchNorm(model, Dl4jGraphFactory.network(model, seed, new Adam(1e-3)), seed, 1e-4);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"EveryOp", "Strides", "Flat", "Residual", "Modern", "MfmHead", "PerPixel", "PaddedPools"})
  void onnxRuntimeComputesWhatDl4jComputes(String name) throws Exception {
    String spec = switch (name) {
      case "EveryOp" -> EVERY_OP;
      case "Strides" -> STRIDES;
      case "Flat" -> FLAT;
      case "Modern" -> MODERN;
      case "MfmHead" -> MFM_HEAD;
      case "PerPixel" -> PER_PIXEL;
      case "PaddedPools" -> PADDED_POOLS;
      default -> RESIDUAL;
    };
    NetworkModel model = compile(spec);
    OnnxRuntimeOracle.assertAgrees(model, network(model, 5), 3);
  }

  @Test
  void valuesCarryTheSpecsNamesShapesAndLocations() {
    NetworkModel model = compile(EVERY_OP);
    OnnxMl.ModelProto onnx = OnnxExport.model(model, network(model, 1));
    assertEquals(OnnxExport.OPSET, onnx.getOpsetImport(0).getVersion());
    OnnxMl.GraphProto g = onnx.getGraph();
    assertEquals(List.of("image"), g.getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
    assertEquals(List.of("probs", "aux"), g.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
    // Every layer's value has its inferred shape, NCHW with a symbolic batch.
    Set<String> typed = new HashSet<>();
    g.getValueInfoList().forEach(v -> typed.add(v.getName()));
    for (LayerModel layer : model.layers()) {
      assertTrue(typed.contains(layer.name()), layer.name() + " has no value_info");
    }
    OnnxMl.ValueInfoProto c = g.getValueInfoList().stream().filter(v -> v.getName().equals("c")).findFirst().orElseThrow();
    var dims = c.getType().getTensorType().getShape().getDimList();
    assertEquals("N", dims.get(0).getDimParam());
    assertEquals(List.of(8L, 5L, 6L), dims.subList(1, 4).stream().map(OnnxMl.TensorShapeProto.Dimension::getDimValue).toList());
    // Every node says which line of the spec made it.
    for (OnnxMl.NodeProto node : g.getNodeList()) {
      assertTrue(node.getDocString().startsWith("test.cnn:"), node.getName() + ": " + node.getDocString());
    }
    // Initializers are named and unique.
    Set<String> initializers = new HashSet<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      assertTrue(initializers.add(t.getName()), "duplicate initializer " + t.getName());
    }
    assertTrue(initializers.contains("conv_1/W"), initializers.toString());
  }

  @Test
  void exportedParameterCountIsTheCheckersCount() {
    NetworkModel model = compile(RESIDUAL);
    OnnxMl.ModelProto onnx = OnnxExport.model(model, network(model, 1));
    long values = 0;
    for (OnnxMl.TensorProto t : onnx.getGraph().getInitializerList()) {
      if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
        values += t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
      }
    }
    assertEquals(model.totalParameters(), values);
  }
}
