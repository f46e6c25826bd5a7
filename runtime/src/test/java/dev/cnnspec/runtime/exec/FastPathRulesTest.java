package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.report.Dl4jKernel;
import dev.cnnspec.report.Dl4jPath;
import dev.cnnspec.report.FastPathRules;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The grammar's {@link FastPathRules}, which the build-time memory estimate reads, against what
 * {@link GraphTuning} really installs on graphs built from specs: a convolution's {@link
 * DnnlConvHelper} skips the input gradient exactly where {@link FastPathRules#skipsInputGradient} says, and every batch norm
 * {@link HostBatchNormHelper}. GraphTuning decides on the DL4J graph (generated classes give it no
 * model), so this test is what keeps the two statements of the rule one rule.
 */
class FastPathRulesTest {
  private static final Map<String, String> SPECS = Map.of(
      "alone", """
          network Alone() {
            input image: [12, 12, 3]
            output probs = image -> conv(8, 3, padding: same) -> batchnorm -> relu -> conv(8, 3, stride: 2)
                -> flatten -> batchnorm -> dense(4, activation: softmax)
          }
          """,
      "strided", """
          network Strided() {
            input image: [12, 12, 3]
            output probs = image -> conv(8, 3, stride: 2) -> globalavgpool -> dense(4, activation: softmax)
          }
          """,
      "residual", """
          network Residual() {
            input image: [8, 8, 4]
            y = image -> conv(4, 3, padding: same)
            output probs = add(image, y) -> globalavgpool -> dense(4, activation: softmax)
          }
          """,
      "branches", """
          network Branches() {
            input image: [8, 8, 4]
            a = image -> conv(4, 3, padding: same)
            b = image -> conv(4, 1)
            output probs = add(a, b) -> globalavgpool -> dense(4, activation: softmax)
          }
          """,
      "grouped", """
          network Grouped() {
            input image: [8, 8, 4]
            output probs = image -> conv(8, 3, groups: 2) -> conv(8, 1) -> globalavgpool -> dense(4, activation: softmax)
          }
          """,
      "adds", """
          network Adds() {
            input image: [8, 8, 4]
            a = image -> conv(4, 3, padding: same) -> batchnorm
            s = add(image, a) -> relu
            t = add(s, a, image)
            u = add(t, s)
            output probs = add(u, u) -> relu -> globalavgpool -> dense(4, activation: softmax)
          }
          """);

  @BeforeAll
  static void fastPathAvailable() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
  }

  @ParameterizedTest
  @ValueSource(strings = {"alone", "strided", "residual", "branches", "grouped"})
  void graphTuningInstallsWhatTheRulesSay(String name, @TempDir Path dir) throws Exception {
    NetworkModel model = compile(dir, name);
    ComputationGraph graph = Dl4jGraphFactory.network(model, 1, new Adam(1e-3));
    int inputConvolutions = 0;
    for (LayerModel l : model.layers()) {
      Layer layer = graph.getLayer(l.name());
      if (l.op() instanceof Op.Conv2D) {
        assertNotNull(layer, l.name());
        boolean installed = layer instanceof ConvolutionLayer c && skipsInputGradient(c.getHelper());
        assertEquals(FastPathRules.skipsInputGradient(model, l), installed,
            () -> name + ": " + l.name() + (installed ? " skips" : " computes") + " its input gradient");
        inputConvolutions += installed ? 1 : 0;
      } else if (l.op() instanceof Op.BatchNorm) {
        assertInstanceOf(HostBatchNormHelper.class, ((BatchNormalization) layer).getHelper(), l.name());
      }
    }
    // the cases above: two networks whose first convolution is the input's only reader
    assertTrue(inputConvolutions <= 1);
    assertEquals(name.equals("alone") || name.equals("strided"), inputConvolutions == 1, name);
  }

  /**
   * The kernel the memory estimate assumes for each layer ({@link Dl4jKernel#running}) is the code
   * the tuned graph runs: a helper that GraphTuning starts installing (or stops) fails here, naming
   * the layer, until {@code Dl4jKernel} and {@code Dl4jKernels} say what it allocates.
   */
  @ParameterizedTest
  @ValueSource(strings = {"alone", "strided", "residual", "branches", "grouped", "adds", "lenet5.cnn", "lightcnn.cnn",
      "resnet_cifar.cnn"})
  void theEstimatesKernelsAreWhatTheTunedGraphRuns(String name, @TempDir Path dir) throws Exception {
    NetworkModel model = SPECS.containsKey(name) ? compile(dir, name) : zoo(name);
    ComputationGraph graph = Dl4jGraphFactory.network(model, 1, new Adam(1e-3));
    for (LayerModel l : model.layers()) {
      Dl4jKernel kernel = Dl4jKernel.running(Dl4jPath.FAST, model, l);
      Layer layer = graph.getLayer(l.name());
      Object helper = layer == null ? null : layer.getHelper();
      boolean onePassAdd = graph.getVertex(l.name()) instanceof AddVertex;
      String runs = layer == null ? graph.getVertex(l.name()).getClass().getSimpleName() : layer.getClass().getSimpleName()
          + (helper == null ? "" : " with " + helper.getClass().getSimpleName());
      boolean agrees = switch (kernel) {
        case CONV_INPUT -> layer instanceof ConvolutionLayer && skipsInputGradient(helper);
        case CONV_CACHED -> layer.getClass() == ConvolutionLayer.class
            && helper instanceof DnnlConvHelper d && d.computesInputGradient();
        case DENSE_ONE_OP -> layer instanceof NativeDenseLayer;
        case OUTPUT_ONE_OP -> layer instanceof NativeOutputLayer;
        case BATCH_NORM_HOST, BATCH_NORM_ONEDNN -> helper instanceof HostBatchNormHelper;
        case MAX_POOL_WINNERS -> layer instanceof NativePoolingLayer p && p.keepsWinnersInTraining();
        case RELU_FUSED -> layer instanceof FusedReluLayer;
        case ADD_ONE_PASS -> onePassAdd;
        default -> !onePassAdd && !(layer instanceof NativeDenseLayer || layer instanceof FusedReluLayer || layer instanceof NativeOutputLayer
            || helper instanceof DnnlConvHelper || helper instanceof HostBatchNormHelper
            || layer instanceof NativePoolingLayer p && p.keepsWinnersInTraining());
      };
      assertTrue(agrees, () -> model.name() + ": " + l.name() + " is estimated as " + kernel + " but runs " + runs);
    }
  }

  /** {@code DnnlConvHelper} without the input gradient (over {@link InputConvHelper}, its fallback). */
  private static boolean skipsInputGradient(Object helper) {
    return helper instanceof DnnlConvHelper d && !d.computesInputGradient() && d.fallback() instanceof InputConvHelper;
  }

  private static NetworkModel zoo(String file) {
    Path root = Path.of("../specs/src/main/cnn");
    Compilation c = new CnnCompiler(List.of(root), Map.of()).compileFiles(List.of(root.resolve("dev/cnnspec/zoo").resolve(file)));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().get(0);
  }

  private static NetworkModel compile(Path dir, String name) throws java.io.IOException {
    Path spec = Files.writeString(dir.resolve(name + ".cnn"), SPECS.get(name));
    Compilation c = new CnnCompiler(List.of(dir), Map.of()).compileFiles(List.of(spec));
    assertTrue(c.succeeded(), c::renderDiagnostics);
    return c.networks().get(0);
  }
}
