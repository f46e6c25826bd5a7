package dev.cnnspec.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.LossPairing;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * "Checked means runs" for output heads: every network of {@code specs/dev/cnnspec/regress/heads.cnn}
 * (heads that do not end in a dense layer, logits with cross_entropy, weighted heads, two heads on
 * one tensor, a loss-layer name the user took) is generated, compiled and loaded as an application
 * would, and must (a) build the configuration the interpreter builds (equal JSON), (b) have DL4J count
 * the parameters the checker counted, (c) give every head the inferred shape in a forward pass —
 * probabilities that sum to 1 where softmax is the head's or fused into its loss — and (d) train:
 * a step on one-hot labels gives a finite score and moves the weights. Before these fixes the specs
 * failed in DL4J ("Invalid output layer configuration", "a vertex with name probs_loss already exists")
 * or in {@code cnn train} ("0 outputs").
 */
class HeadsOnDl4jTest {
  private static final Path ROOT = Path.of("src/test/resources/specs");
  private static final Path SPEC = ROOT.resolve("dev/cnnspec/regress/heads.cnn");
  private static final int BATCH = 3;

  private static Compilation compilation;
  private static ClassLoader loader;

  @BeforeAll
  static void generateAndCompile() throws Exception {
    compilation = new CnnCompiler(List.of(ROOT), Map.of()).compileFiles(List.of(SPEC));
    assertTrue(compilation.succeeded(), compilation.renderDiagnostics());
    loader = CompiledClasses.compile(new SpecCodegen(List.of(ROOT)).generate(compilation).stream()
        .map(JavaFile::toJavaFileObject).toList());
  }

  static Stream<String> networks() {
    return Stream.of("SoftmaxLayerHead", "LogitsHead", "PooledHead", "DropoutHead", "MfmHead",
        "TwoOutputsOfOneTensor", "OutputReadByALayer", "LossNameTaken", "WeightedSigmoidBinaryCrossEntropy",
        "ReluMse", "SoftmaxNll");
  }

  @ParameterizedTest
  @MethodSource("networks")
  void generatedAndInterpretedHeadsBuildRunAndTrain(String network) throws Exception {
    NetworkModel model = compilation.networks().stream().filter(n -> n.name().equals(network)).findFirst()
        .orElseThrow();
    Class<?> type = loader.loadClass("dev.cnnspec.regress." + network);
    Object builder = type.getMethod("builder").invoke(null);
    ComputationGraphConfiguration generated =
        (ComputationGraphConfiguration) builder.getClass().getMethod("configuration").invoke(builder);
    ComputationGraphConfiguration interpreted = Dl4jGraphFactory.configuration(model, 42, new Adam(1e-3));
    assertEquals(interpreted.toJson(), generated.toJson(), network);
    assertEquals(model.name(), ((NetworkModel) builder.getClass().getMethod("model").invoke(builder)).name());

    for (ComputationGraphConfiguration conf : List.of(generated, interpreted)) {
      ComputationGraph graph = new ComputationGraph(conf.clone());
      graph.init();
      assertEquals(model.totalParameters(), graph.numParams(), network);
      runsAndTrains(network, model, graph);
    }
  }

  private static void runsAndTrains(String network, NetworkModel model, ComputationGraph graph) {
    Shape.Spatial in = (Shape.Spatial) model.inputs().get(0).shape();
    Nd4j.getRandom().setSeed(7);
    INDArray features = Nd4j.rand(new int[] {BATCH, in.channels(), in.height(), in.width()});
    INDArray[] outputs = graph.output(false, features);
    assertEquals(model.outputs().size(), outputs.length, network);
    INDArray[] labels = new INDArray[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      OutputModel head = model.outputs().get(i);
      long units = head.shape().elements();
      assertArrayEquals(new long[] {BATCH, units}, outputs[i].shape(), network + " " + head.name());
      if (predictsProbabilities(model, head)) {
        INDArray sums = outputs[i].sum(1);
        for (int r = 0; r < BATCH; r++) {
          assertEquals(1.0, sums.getDouble(r), 1e-5, network + " " + head.name() + " rows are probabilities");
        }
      }
      labels[i] = Nd4j.zeros(BATCH, units);
      for (int r = 0; r < BATCH; r++) {
        labels[i].putScalar(r, r % units, 1.0);
      }
    }
    INDArray before = graph.params().dup();
    graph.fit(new MultiDataSet(new INDArray[] {features}, labels));
    assertTrue(Double.isFinite(graph.score()), network + " score " + graph.score());
    assertNotEquals(before, graph.params(), network + ": a training step must move the weights");
  }

  /** Softmax heads, and logits whose cross-entropy fuses it, predict one distribution per example. */
  private static boolean predictsProbabilities(NetworkModel model, OutputModel head) {
    var source = model.layer(head.node().source()).map(l -> l.op()).orElse(null);
    Activation activation = LossPairing.headActivation(source);
    return activation == Activation.SOFTMAX
        || LossPairing.verdict(activation, head.node().loss()) == LossPairing.Verdict.FUSE_SOFTMAX;
  }
}
