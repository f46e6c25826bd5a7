package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@link AddVertex} against the vertex it replaces, DL4J's own {@code ElementWiseVertex}: two graphs
 * from one configuration with the same weights, one with the adds (and the ReLU layers they fuse)
 * swapped by {@link GraphTuning}, compute the same training activations, loss, parameter gradients and
 * inference outputs bit for bit. DL4J's add is {@code assign} then {@code addi}; ours one {@code add}
 * (then {@code addi}), so equality here is the same additions in the same order, and the fused ReLU's
 * mask is the ReLU layer's.
 */
class AddVertexTest {
  private static final int N = 4;

  @Test
  void twoInputsThenReluFused() {
    ComputationGraphConfiguration.GraphBuilder g = convs();
    g.addVertex("sum", add(), "conv_a", "conv_b");
    g.addLayer("relu", relu(), "sum");
    ComputationGraph ours = compare(head(g, "relu"), "a", "b");
    assertTrue(assertInstanceOf(AddVertex.class, ours.getVertex("sum")).fusesRelu());
    assertInstanceOf(FusedReluLayer.class, ours.getLayer("relu"));
  }

  @Test
  void threeInputsThenReluFused() {
    ComputationGraphConfiguration.GraphBuilder g = convs();
    g.addLayer("conv_c", conv(), "a");
    g.addVertex("sum", add(), "conv_a", "conv_b", "conv_c");
    g.addLayer("relu", relu(), "sum");
    ComputationGraph ours = compare(head(g, "relu"), "a", "b");
    assertTrue(assertInstanceOf(AddVertex.class, ours.getVertex("sum")).fusesRelu());
  }

  @Test
  void addReadByTwoLayersKeepsItsReluOwn() {
    ComputationGraphConfiguration.GraphBuilder g = convs();
    g.addVertex("sum", add(), "conv_a", "conv_b");
    g.addLayer("relu", relu(), "sum");
    g.addVertex("sum_2", add(), "relu", "sum");
    ComputationGraph ours = compare(head(g, "sum_2"), "a", "b");
    assertFalse(assertInstanceOf(AddVertex.class, ours.getVertex("sum")).fusesRelu());
    assertFalse(ours.getLayer("relu") instanceof FusedReluLayer);
    assertFalse(assertInstanceOf(AddVertex.class, ours.getVertex("sum_2")).fusesRelu());
  }

  @Test
  void inputAddedToItself() {
    ComputationGraphConfiguration.GraphBuilder g = convs();
    g.addVertex("sum", add(), "conv_a", "conv_a");
    g.addVertex("sum_b", add(), "sum", "conv_b");
    g.addLayer("relu", relu(), "sum_b");
    ComputationGraph ours = compare(head(g, "relu"), "a", "b");
    assertInstanceOf(AddVertex.class, ours.getVertex("sum"));
    assertTrue(((AddVertex) ours.getVertex("sum_b")).fusesRelu());
  }

  /** A network output cannot be handed on as rectified: its ReLU reader stays its own (forward only: DL4J fits no such output). */
  @Test
  void addThatIsANetworkOutput() {
    ComputationGraphConfiguration.GraphBuilder g = convs();
    g.addVertex("sum", add(), "conv_a", "conv_b");
    g.addLayer("relu", relu(), "sum");
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu");
    g.addLayer("probs", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(),
        "pool");
    ComputationGraphConfiguration conf = g.setOutputs("probs", "sum").build();
    ComputationGraph[] graphs = graphs(conf);
    INDArray[] in = {random(11), random(12)};
    assertFalse(assertInstanceOf(AddVertex.class, graphs[1].getVertex("sum")).fusesRelu());
    assertFalse(graphs[1].getLayer("relu") instanceof FusedReluLayer);
    assertSameFeedForward(graphs, in);
    INDArray[] dl4j = PathSwitch.PLAIN.run(() -> graphs[0].output(false, in));
    INDArray[] ours = PathSwitch.PLAIN.run(() -> graphs[1].output(false, in));
    for (int i = 0; i < dl4j.length; i++) {
      assertBitsEqual("output " + i, dl4j[i], ours[i]);
    }
  }

  /** libnd4j's ReLU keeps −0 and NaN; the fused one must too (oneDNN's post-op would give 0 for NaN). */
  @Test
  void fusedReluKeepsNegativeZeroAndNan() {
    ComputationGraphConfiguration.GraphBuilder g = graph("a", "b");
    g.addVertex("sum", add(), "a", "b");
    g.addLayer("relu", relu(), "sum");
    ComputationGraph[] graphs = graphs(head(g, "relu"));
    INDArray a = random(13);
    INDArray b = random(14);
    float[] specials = {Float.NaN, -0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -1f};
    float[] others = {1f, -0f, 0f, 1f, 1f, -0f, 1f};
    for (int i = 0; i < specials.length; i++) {
      a.putScalar(i, specials[i]);
      b.putScalar(i, others[i]);
    }
    assertTrue(((AddVertex) graphs[1].getVertex("sum")).fusesRelu());
    INDArray[] in = {a, b};
    Map<String, INDArray> ours = assertSameTrainingActivations(graphs, in);
    float[] relu = ours.get("relu").dup().data().asFloat();
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(relu[1]), "−0 + −0 rectified");
    assertTrue(Float.isNaN(relu[0]), "NaN rectified");
  }

  /** Trains both graphs one SGD step from the same weights and compares everything on the way. */
  private static ComputationGraph compare(ComputationGraphConfiguration conf, String... inputs) {
    ComputationGraph[] graphs = graphs(conf);
    INDArray[] in = new INDArray[inputs.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = random(20 + i);
    }
    INDArray labels = Nd4j.zeros(DataType.FLOAT, N, 3);
    for (int i = 0; i < N; i++) {
      labels.putScalar(i, i % 3, 1f);
    }
    assertSameTrainingActivations(graphs, in);
    double[] scores = new double[2];
    Map<String, INDArray>[] gradients = new Map[2];
    for (int k = 0; k < 2; k++) {
      ComputationGraph graph = graphs[k];
      int at = k;
      PathSwitch.PLAIN.run(() -> {
        graph.setInputs(in);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        scores[at] = graph.score();
        Map<String, INDArray> grads = new java.util.TreeMap<>();
        graph.gradient().gradientForVariable().forEach((name, v) -> grads.put(name, v.dup()));
        gradients[at] = grads;
        return null;
      });
    }
    assertEquals(scores[0], scores[1], 0.0, "loss");
    assertEquals(gradients[0].keySet(), gradients[1].keySet());
    for (String name : gradients[0].keySet()) {
      assertBitsEqual(name + " gradient", gradients[0].get(name), gradients[1].get(name));
    }
    for (ComputationGraph graph : graphs) {
      PathSwitch.PLAIN.run(() -> {
        graph.fit(new org.nd4j.linalg.dataset.MultiDataSet(in, new INDArray[] {labels}));
        return null;
      });
    }
    assertBitsEqual("weights after a step", graphs[0].params(), graphs[1].params());
    assertBitsEqual("inference", PathSwitch.PLAIN.run(() -> graphs[0].outputSingle(false, in)),
        PathSwitch.PLAIN.run(() -> graphs[1].outputSingle(false, in)));
    return graphs[1];
  }

  /** DL4J's graph and the same with the adds swapped, on the plain path (libnd4j's generic kernels). */
  private static ComputationGraph[] graphs(ComputationGraphConfiguration conf) {
    ComputationGraph dl4j = PathSwitch.PLAIN.build(conf);
    ComputationGraph ours = PathSwitch.PLAIN.build(conf);
    ours.setParams(dl4j.params().dup());
    GraphTuning.installAdds(ours);
    GraphTuning.fuseRelus(ours, ours.getLayers(), new ForwardWatch(ours));
    return new ComputationGraph[] {dl4j, ours};
  }

  /**
   * The activations of a training step (as listeners see them in {@code computeGradientAndScore}), but
   * for a fused add's own, which is rectified (its ReLU layer's is compared); and those of {@code
   * feedForward(input, true)}, where nothing is fused, every one.
   */
  private static Map<String, INDArray> assertSameTrainingActivations(ComputationGraph[] graphs, INDArray[] in) {
    Map<String, INDArray> dl4j = stepActivations(graphs[0], in);
    Map<String, INDArray> ours = stepActivations(graphs[1], in);
    assertEquals(dl4j.keySet(), ours.keySet());
    for (String name : dl4j.keySet()) {
      if (!(graphs[1].getVertex(name) instanceof AddVertex a && a.fusesRelu())) {
        assertBitsEqual(name + " (training step)", dl4j.get(name), ours.get(name));
      }
    }
    assertSameFeedForward(graphs, in);
    return ours;
  }

  private static void assertSameFeedForward(ComputationGraph[] graphs, INDArray[] in) {
    Map<String, INDArray> dl4j = PathSwitch.PLAIN.run(() -> graphs[0].feedForward(in, true));
    Map<String, INDArray> ours = PathSwitch.PLAIN.run(() -> graphs[1].feedForward(in, true));
    assertEquals(dl4j.keySet(), ours.keySet());
    for (String name : dl4j.keySet()) {
      assertBitsEqual(name + " (feedForward)", dl4j.get(name), ours.get(name));
    }
  }

  /** Copies of the activations of one {@code computeGradientAndScore} on labels for class 0. */
  private static Map<String, INDArray> stepActivations(ComputationGraph graph, INDArray[] in) {
    Map<String, INDArray> seen = new java.util.TreeMap<>();
    org.deeplearning4j.optimize.api.TrainingListener listener = new org.deeplearning4j.optimize.api.BaseTrainingListener() {
      @Override
      public void onForwardPass(org.deeplearning4j.nn.api.Model model, Map<String, INDArray> activations) {
        activations.forEach((name, a) -> seen.put(name, a.dup()));
      }
    };
    INDArray labels = Nd4j.zeros(DataType.FLOAT, N, 3);
    labels.getColumn(0).assign(1);
    PathSwitch.PLAIN.run(() -> {
      graph.setListeners(listener);
      graph.setInputs(in);
      graph.setLabels(labels);
      graph.computeGradientAndScore();
      graph.setListeners();
      return null;
    });
    return seen;
  }

  private static void assertBitsEqual(String what, INDArray expected, INDArray actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.dup().data().asFloat();
    float[] a = actual.dup().data().asFloat();
    for (int i = 0; i < e.length; i++) {
      if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
        throw new AssertionError(what + ": element " + i + " is " + a[i] + ", DL4J's " + e[i]);
      }
    }
  }

  /** Inputs {@code a} and {@code b}, each read by a 1×1 convolution {@code conv_a}, {@code conv_b}. */
  private static ComputationGraphConfiguration.GraphBuilder convs() {
    ComputationGraphConfiguration.GraphBuilder g = graph("a", "b");
    g.addLayer("conv_a", conv(), "a");
    g.addLayer("conv_b", conv(), "b");
    return g;
  }

  private static ComputationGraphConfiguration.GraphBuilder graph(String... inputs) {
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(5)
        .dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).graphBuilder()
        .addInputs(inputs);
    InputType[] types = new InputType[inputs.length];
    java.util.Arrays.fill(types, InputType.convolutional(5, 5, 4));
    g.setInputTypes(types);
    return g;
  }

  private static ComputationGraphConfiguration head(ComputationGraphConfiguration.GraphBuilder g, String last) {
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
    g.addLayer("probs", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(),
        "pool");
    return g.setOutputs("probs").build();
  }

  private static ConvolutionLayer conv() {
    return new ConvolutionLayer.Builder(1, 1).nOut(4).activation(Activation.IDENTITY)
        .convolutionMode(ConvolutionMode.Same).build();
  }

  private static ElementWiseVertex add() {
    return new ElementWiseVertex(ElementWiseVertex.Op.Add);
  }

  private static ActivationLayer relu() {
    return dev.cnnspec.runtime.layers.CopyOnShareActivation.of(
        new ActivationLayer.Builder().activation(Activation.RELU).build());
  }

  /** Values in [−1, 1), NCHW {@code [N, 4, 5, 5]}. */
  private static INDArray random(long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, N, 4, 5, 5).muli(2).subi(1);
  }
}
