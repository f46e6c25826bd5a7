package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast path computes what the plain path computes: same weights, same batch, the loss and
 * every parameter's gradient agree to float precision, and so do the weights after a few Adam
 * updates (where an earlier NHWC attempt drifted). The fast graph is the tuned one
 * ({@link FastPath#optimise}: cached pre-activations, pooling off oneDNN, one-op dense layers). Covers conv, max
 * pooling, dense, softmax output (LeNet-5) and max-feature-map after conv and dense (Light CNN).
 */
class FastPathEquivalenceTest {
  /** Relative to the largest magnitude compared: float32 sums reorder; a factor-2 error fails. */
  private static final double RELATIVE = 1e-4;

  @BeforeAll
  static void fastPathAvailable() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
  }

  @Test
  void lenet5LossAndGradientsAgree() {
    compare(FastPathNetworks.lenet5(7), batch(16, 32, 1, 11), "conv_2");
  }

  @Test
  void lightCnnWithMfmLossAndGradientsAgree() {
    compare(FastPathNetworks.lightCnn(7), batch(8, 28, 1, 12), "conv_2");
  }

  /**
   * Batch norm (the host kernel in the helper slot, running statistics included: they are
   * parameters, so the post-Adam comparison covers them), separate ReLU layers, residual adds,
   * strided convolutions and global pooling, as in ResNet-20.
   */
  @Test
  void resnetWithBatchNormLossGradientsAndRunningStatisticsAgree() {
    ComputationGraphConfiguration conf = FastPathNetworks.resnet(7);
    compare(conf, batch(8, 16, 3, 13), "block_1/conv_1", fast -> {
      assertInputConvolution(fast, "conv_1");
      assertInstanceOf(HostBatchNormHelper.class, ((BatchNormalization) fast.getLayer("conv_1_bn")).getHelper());
      // The ReLUs after batch norms and after residual adds are fused into them.
      assertInstanceOf(FusedReluLayer.class, fast.getLayer("stem"));
      assertInstanceOf(FusedReluLayer.class, fast.getLayer("block_1/relu_1"));
      assertInstanceOf(FusedReluLayer.class, fast.getLayer("block_1/relu_2"));
      assertTrue(assertInstanceOf(AddVertex.class, fast.getVertex("block_1/add")).fusesRelu());
      // At inference the 16-channel stream stays blocked up to the last add, which global pooling reads.
      for (String add : new String[] {"block_2/add", "block_3/add"}) {
        assertTrue(((AddVertex) fast.getVertex(add)).feedsBlocked(), add + "'s sum goes on blocked");
      }
      assertFalse(((AddVertex) fast.getVertex("block_4/add")).feedsBlocked(), "pooling reads block_4's sum");
    }, fast -> {
      for (String add : new String[] {"block_2/add", "block_3/add"}) {
        assertTrue(((AddVertex) fast.getVertex(add)).wroteBlocked(),
            "the inference that was compared ran " + add + " blocked");
      }
      assertFalse(((AddVertex) fast.getVertex("block_1/add")).wroteBlocked(), "8 channels stay NCHW");
    });
  }

  /**
   * A listener that reads a training step's activations ({@code onForwardPass}) sees DL4J's: while it
   * is there, the fast path fuses no ReLU and keeps no activation in oneDNN's blocked layout
   * ({@link ForwardWatch}); it fails when the watch is ignored. A listener that does not read them
   * (DL4J's score listener) leaves the fusions on.
   */
  @Test
  void aListenerReadingActivationsSeesDl4jsOwn() {
    ComputationGraphConfiguration conf = FastPathNetworks.resnet(7);
    DataSet data = batch(8, 16, 3, 13);
    ComputationGraph plain = PathSwitch.PLAIN.build(conf);
    ComputationGraph fast = FastPath.optimise(PathSwitch.FAST.build(conf));
    fast.setParams(plain.params().dup());
    fast.addListeners(new org.deeplearning4j.optimize.listeners.ScoreIterationListener(1000));
    ForwardWatch watch = new ForwardWatch(fast);
    assertFalse(watch.watched(), "a score listener does not read activations");
    Map<String, INDArray> seenPlain = new java.util.TreeMap<>();
    Map<String, INDArray> seenFast = new java.util.TreeMap<>();
    plain.addListeners(recorder(seenPlain));
    fast.addListeners(recorder(seenFast));
    assertTrue(watch.watched(), "a listener overriding onForwardPass reads them");
    PathSwitch.PLAIN.run(() -> fit(plain, data));
    PathSwitch.FAST.run(() -> fit(fast, data));
    assertEquals(seenPlain.keySet(), seenFast.keySet());
    for (String name : seenPlain.keySet()) {
      assertClose("onForwardPass " + name, seenPlain.get(name), seenFast.get(name));
    }
    assertClose("weights after a step", plain.params(), fast.params());
  }

  /** Copies every activation DL4J hands its listeners in a training step (they live in its workspace). */
  private static org.deeplearning4j.optimize.api.TrainingListener recorder(Map<String, INDArray> into) {
    return new org.deeplearning4j.optimize.api.BaseTrainingListener() {
      @Override
      public void onForwardPass(org.deeplearning4j.nn.api.Model model, Map<String, INDArray> activations) {
        activations.forEach((k, v) -> into.put(k, v.detach()));
      }
    };
  }

  /**
   * An input read by a convolution and a residual add keeps the convolution's input gradient
   * (regression: with {@link InputConvHelper} there, DL4J failed adding the add's input gradient
   * to the null it left: NullPointerException in training, found by the differential property).
   */
  @Test
  void inputReadByConvolutionAndAddTrains() {
    compare(FastPathNetworks.inputReadTwice(7), batch(8, 8, 2, 14), "conv_1",
        fast -> assertFalse(assertInstanceOf(AddVertex.class, fast.getVertex("add")).fusesRelu()));
  }

  private static void compare(ComputationGraphConfiguration conf, DataSet data, String innerConv) {
    compare(conf, data, innerConv, fast -> {
      assertInputConvolution(fast, "conv_1");
      assertInstanceOf(NativePoolingLayer.class, fast.getLayer("maxpool_1"));
      assertInstanceOf(NativeDenseLayer.class, fast.getLayer("dense_1"));
    });
  }

  private static void compare(ComputationGraphConfiguration conf, DataSet data, String innerConv,
      java.util.function.Consumer<ComputationGraph> tuned) {
    compare(conf, data, innerConv, tuned, fast -> {});
  }

  /**
   * {@code innerConv} must keep oneDNN's helper; {@code tuned} checks the rest of the tuning, {@code
   * inferred} the fast graph right after the inference whose output was compared.
   */
  private static void compare(ComputationGraphConfiguration conf, DataSet data, String innerConv,
      java.util.function.Consumer<ComputationGraph> tuned, java.util.function.Consumer<ComputationGraph> inferred) {
    ComputationGraph plain = PathSwitch.PLAIN.build(conf);
    ComputationGraph fast = FastPath.optimise(PathSwitch.FAST.build(conf));
    DnnlConvHelper inner = assertInstanceOf(DnnlConvHelper.class,
        ((ConvolutionLayer) fast.getLayer(innerConv)).getHelper(), "oneDNN 2.5.2 runs the convolutions");
    assertTrue(inner.computesInputGradient(), innerConv + " computes its input gradient");
    assertInstanceOf(MKLDNNConvHelper.class, inner.fallback(),
        "fast graph must really use the oneDNN helpers, else this test compares plain with plain");
    tuned.accept(fast);
    assertInstanceOf(NativeOutputLayer.class, fast.getLayer("probs"));
    assertEquals(CacheMode.DEVICE, fast.getConfiguration().getCacheMode());
    fast.setParams(plain.params().dup());

    Result p = PathSwitch.PLAIN.run(() -> gradient(plain, data));
    Result f = PathSwitch.FAST.run(() -> gradient(fast, data));
    assertEquals(p.score, f.score, Math.abs(p.score) * 1e-5, "loss");
    assertEquals(p.gradients.keySet(), f.gradients.keySet());
    for (String name : p.gradients.keySet()) {
      assertClose(name + " gradient", p.gradients.get(name), f.gradients.get(name));
    }

    for (int step = 0; step < 3; step++) {
      PathSwitch.PLAIN.run(() -> fit(plain, data));
      PathSwitch.FAST.run(() -> fit(fast, data));
    }
    assertClose("weights after 3 Adam steps", plain.params(), fast.params());
    // inference (batch norm on its running statistics, pooling without kept winners, convolutions
    // forward only): the trained networks' outputs, each on its own path
    INDArray plainOut = PathSwitch.PLAIN.run(() -> plain.outputSingle(false, data.getFeatures()).dup());
    INDArray fastOut = PathSwitch.FAST.run(() -> fast.outputSingle(false, data.getFeatures()).dup());
    assertClose("inference output after training", plainOut, fastOut);
    inferred.accept(fast);
    // Every layer's activation as feedForward hands it to the user, at inference and in training mode:
    // none in oneDNN's blocked layout (BlockedEdge), no batch norm output rectified (FusedReluLayer).
    for (boolean train : new boolean[] {false, true}) {
      Map<String, INDArray> plainActs = PathSwitch.PLAIN.run(() -> plain.feedForward(data.getFeatures(), train));
      Map<String, INDArray> fastActs = PathSwitch.FAST.run(() -> fast.feedForward(data.getFeatures(), train));
      assertEquals(plainActs.keySet(), fastActs.keySet());
      for (String name : plainActs.keySet()) {
        assertClose("feedForward(" + train + ") " + name, plainActs.get(name), fastActs.get(name));
      }
    }
  }

  /** A convolution that alone reads a network input: oneDNN 2.5.2 without the input gradient, over {@link InputConvHelper}. */
  private static void assertInputConvolution(ComputationGraph fast, String name) {
    DnnlConvHelper helper = assertInstanceOf(DnnlConvHelper.class, ((ConvolutionLayer) fast.getLayer(name)).getHelper());
    assertTrue(!helper.computesInputGradient(), name + " skips its input gradient");
    assertInstanceOf(InputConvHelper.class, helper.fallback());
  }

  private record Result(double score, Map<String, INDArray> gradients) {}

  private static Result gradient(ComputationGraph graph, DataSet data) {
    graph.setInputs(data.getFeatures());
    graph.setLabels(data.getLabels());
    graph.computeGradientAndScore();
    Map<String, INDArray> grads = new java.util.TreeMap<>();
    graph.gradient().gradientForVariable().forEach((k, v) -> grads.put(k, v.dup()));
    return new Result(graph.score(), grads);
  }

  private static Void fit(ComputationGraph graph, DataSet data) {
    graph.fit(data);
    return null;
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
    double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-6);
    double diff = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(diff <= RELATIVE * scale,
        () -> what + ": max |plain − fast| = " + diff + " exceeds " + RELATIVE + " × " + scale);
  }

  private static DataSet batch(int n, int size, int channels, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, size, size);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, (i * 7 + seed) % 10, 1f);
    }
    return new DataSet(x, y);
  }
}
