package dev.cnnspec.runtime.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.onnx.OnnxExport;
import dev.cnnspec.runtime.onnx.OnnxRuntimeOracle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Every layer kind as one of several readers of one tensor: DL4J's stand-alone activation layer
 * once wrote its result into its input array at inference (issue 10, DL4J_ACTIVATION_IN_PLACE), so
 * the other readers of that tensor, and the caller's own input array, saw activated values. Each
 * network here gives the layer kind three inputs that others read too: an intermediate tensor
 * read by two copies of the layer and by a head, and the network input read by the layer, by the
 * intermediate's convolution and by a head. The oracle is ONNX Runtime on the exported graph, run
 * on a pristine copy of the input; DL4J must also leave the caller's array as it was and give the
 * same outputs when run again.
 */
class SharedReadersTest {
  /** {@code OP(x)} is the layer kind on x; gx and kx are x's per-channel gates, flat and 1×1×C. */
  private static final String SPATIAL = """
      network Shared() {
        input image: [6, 6, 4]
        t = image -> conv(4, 1, activation: tanh)
        GATES
        a = OP(t)
        b = OP(t)
        c = OP(image)
        output o1 = a -> flatten -> dense(3) loss mse
        output o2 = b -> flatten -> dense(3) loss mse
        output o3 = t -> flatten -> dense(3) loss mse
        output o4 = c -> flatten -> dense(3) loss mse
        output o5 = image -> flatten -> dense(3) loss mse
      }
      """;

  private static final String FLAT = SPATIAL.replace("[6, 6, 4]", "[12]")
      .replace("conv(4, 1, activation: tanh)", "dense(12, activation: tanh)");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"X -> relu", "X -> tanh", "X -> sigmoid", "X -> leaky_relu(0.2)", "X -> relu6",
      "X -> swish", "X -> hard_sigmoid", "X -> hard_swish", "X -> gelu", "X -> elu", "X -> selu",
      "X -> identity", "X -> dropout(0.5)", "X -> batchnorm", "X -> conv(4, 3, padding: same, activation: relu)",
      "X -> depthwise_conv(3, padding: same, activation: sigmoid)",
      "X -> conv_transpose(4, 2, stride: 2, activation: relu)", "X -> maxpool(2)",
      "X -> avgpool(3, stride: 1, padding: same)", "X -> globalavgpool", "X -> globalmaxpool(keep: true)",
      "X -> upsample(2)", "X -> zeropad([1, 0, 2, 1])", "X -> flatten", "X -> prelu", "X -> mfm",
      "add(X, X)", "multiply(X, X)", "concat(X, X)", "multiply(X, gX)",
      "add(X, kX)", "X -> relu -> relu", "X -> dropout(0.5) -> relu", "X -> dropout(0.5) -> prelu",
      "X -> identity -> sigmoid", "X -> flatten -> relu", "X -> softmax",
      "X -> conv(3, 1, activation: softmax)", "X -> conv_transpose(3, 2, stride: 2, activation: softmax)"})
  void spatialReadersSeeTheTensorAsItWas(String op) throws Exception {
    check(SPATIAL, op);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"X -> relu", "X -> sigmoid", "X -> softmax", "X -> hard_swish", "X -> dropout(0.5)",
      "X -> batchnorm", "X -> dense(6, activation: relu)", "X -> prelu", "X -> mfm", "X -> flatten",
      "add(X, X)", "multiply(X, X)", "concat(X, X)", "X -> dropout(0.5) -> prelu", "X -> flatten -> tanh"})
  void flatReadersSeeTheTensorAsItWas(String op) throws Exception {
    check(FLAT, op);
  }

  private static void check(String template, String op) throws Exception {
    // the gates only where the op reads them: an unused tensor is a warning
    String gates = op.contains("gX") ? "gt = t -> globalavgpool\n  gimage = image -> globalavgpool"
        : op.contains("kX") ? "kt = t -> globalmaxpool(keep: true)\n  kimage = image -> globalmaxpool(keep: true)" : "";
    String spec = template.replace("GATES", gates).replaceAll("OP\\((\\w+)\\)", "§$1§");
    for (String tensor : List.of("t", "image")) {
      spec = spec.replace("§" + tensor + "§", op.replace("X", tensor));
    }
    NetworkModel model = compile(spec);
    ComputationGraph graph = OnnxRuntimeOracle.perturbBatchNorm(model,
        Dl4jGraphFactory.network(model, 7, new Adam(1e-3)), 7, 0.3);
    INDArray[] inputs = OnnxRuntimeOracle.inputs(model, 3, 11);
    INDArray[] pristine = Arrays.stream(inputs).map(INDArray::dup).toArray(INDArray[]::new);

    INDArray[] outputs = graph.output(false, inputs);
    assertEquals(pristine[0], inputs[0], op + ": output(...) changed the caller's input array");
    INDArray[] onnx = OnnxRuntimeOracle.run(OnnxExport.model(model, graph).toByteArray(), model, pristine);
    OnnxRuntimeOracle.assertClose(model, outputs, onnx);
    INDArray[] again = graph.output(false, pristine[0].dup());
    for (int k = 0; k < outputs.length; k++) {
      assertEquals(outputs[k], again[k], op + ": a second run on the same input gives other values");
    }
    // A training step must leave the data set's arrays as they were too (the next epoch reads them).
    INDArray[] labels = Arrays.stream(outputs).map(o -> Nd4j.rand(DataType.FLOAT, o.shape())).toArray(INDArray[]::new);
    graph.fit(new MultiDataSet(inputs, labels));
    assertEquals(pristine[0], inputs[0], op + ": fit(...) changed the data set's input array");
  }

  private static NetworkModel compile(String spec) {
    Compilation c = new CnnCompiler(List.of(), Map.of()).compile(List.of(new SourceText("shared.cnn", spec)));
    assertTrue(c.succeeded(), () -> spec + "\n" + c.renderDiagnostics());
    return c.networks().get(0);
  }
}
