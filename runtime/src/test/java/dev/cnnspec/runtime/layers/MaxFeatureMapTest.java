package dev.cnnspec.runtime.layers;

import dev.cnnspec.runtime.exec.HostKernels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * MFM's forward values and gradients (hand-computed and by DL4J's numerical gradient check in double
 * precision), its output types, and that it survives JSON and {@link ModelSerializer} round trips.
 */
class MaxFeatureMapTest {
  private static DataType savedDefault;
  private static DataType savedFloating;

  @BeforeAll
  static void doublePrecision() {
    savedDefault = Nd4j.dataType();
    savedFloating = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restorePrecision() {
    Nd4j.setDefaultDataTypes(savedDefault, savedFloating);
  }

  /** in [4×4×1] → conv 3×3 (same), 4 filters → MFM (2 channels) → softmax output of 3 classes. */
  private static ComputationGraph cnnGraph() {
    ComputationGraphConfiguration conf = base()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(4, 4, 1))
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH)
            .convolutionMode(ConvolutionMode.Same).build(), "in")
        .addLayer("mfm", MaxFeatureMap.builder().build(), "conv")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build(), "mfm")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  private static ComputationGraphConfiguration.GraphBuilder base() {
    return new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE)
        .seed(42)
        .updater(new NoOp())
        .weightInit(new NormalDistribution(0, 1))
        .graphBuilder();
  }

  private static INDArray oneHot(int rows, int classes) {
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
    for (int r = 0; r < rows; r++) {
      labels.putScalar(r, r % classes, 1.0);
    }
    return labels;
  }

  @Test
  void gradientCheckConvolutional() {
    ComputationGraph graph = cnnGraph();
    Nd4j.getRandom().setSeed(7);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4).subi(0.5);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {oneHot(2, 3)})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ through conv → MFM → output");
  }

  @Test
  void gradientCheckFeedForward() {
    ComputationGraphConfiguration conf = base()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(4))
        .addLayer("dense", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "in")
        .addLayer("mfm", MaxFeatureMap.builder().build(), "dense")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build(), "mfm")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(11);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 4).subi(0.5);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {oneHot(4, 3)})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ through dense → MFM → output");
  }

  @Test
  void forwardAndBackwardByHand() {
    ComputationGraphConfiguration conf = base()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(4))
        .addLayer("mfm", MaxFeatureMap.builder().build(), "in")
        .addLayer("out", new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(), "mfm")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Layer mfm = graph.getLayer("mfm");
    LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
    // halves [1, 5] and [3, 2] → max [3, 5]; second row ties on the first unit.
    INDArray x = Nd4j.create(new double[][] {{1, 5, 3, 2}, {4, -1, 4, -2}});
    mfm.setInput(x, noWs);
    INDArray out = mfm.activate(true, noWs);
    assertArrayEquals(new double[] {3, 5, 4, -1}, out.reshape(4).toDoubleVector(), 0.0);
    INDArray eps = Nd4j.create(new double[][] {{10, 20}, {30, 40}});
    INDArray grad = mfm.backpropGradient(eps, noWs).getSecond();
    // Each output's gradient goes whole to the half that won; ties go to the first half.
    assertArrayEquals(new double[] {0, 20, 10, 0, 30, 40, 0, 0}, grad.reshape(8).toDoubleVector(), 0.0);
  }

  /**
   * NCHW in single precision with a batch big enough to be split across threads, and a quarter of
   * the positions tied (as zero-padded backgrounds are at initialisation), checked element by
   * element against the rule. The same input as a strided view takes the ND4J-op path instead of
   * the host-memory kernel; both must give identical values.
   */
  @Test
  void convolutionalBackwardRoutesEachGradientToTheWinnerAndTiesToTheFirstHalf() {
    ComputationGraph graph = cnnGraph();
    Layer mfm = graph.getLayer("mfm");
    LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
    int n = 64;
    int c = 8;
    int size = 12;
    INDArray x = Nd4j.rand(DataType.FLOAT, n, c, size, size).muli(4).castTo(DataType.FLOAT);
    org.nd4j.linalg.api.ops.impl.transforms.same.Floor floor =
        new org.nd4j.linalg.api.ops.impl.transforms.same.Floor(x);
    Nd4j.exec(floor); // values 0..3: many ties between the halves
    INDArray eps = Nd4j.rand(DataType.FLOAT, n, c / 2, size, size).addi(1);
    assertTrue(HostKernels.applies(x, eps), "a dense float input takes the kernel");
    mfm.setInput(x, noWs);
    mfm.activate(true, noWs);
    INDArray grad = mfm.backpropGradient(eps, noWs).getSecond();
    assertArrayEquals(x.shape(), grad.shape());
    int ties = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < c / 2; k++) {
        for (int h = 0; h < size; h++) {
          for (int w = 0; w < size; w++) {
            double a = x.getDouble(i, k, h, w);
            double b = x.getDouble(i, k + c / 2, h, w);
            double e = eps.getDouble(i, k, h, w);
            ties += a == b ? 1 : 0;
            assertEquals(b > a ? 0 : e, grad.getDouble(i, k, h, w), 0.0, "first half at " + i + "," + k);
            assertEquals(b > a ? e : 0, grad.getDouble(i, k + c / 2, h, w), 0.0, "second half at " + i + "," + k);
          }
        }
      }
    }
    assertTrue(ties > 1000, "the input should tie often, tied " + ties);

    INDArray wide = Nd4j.create(DataType.FLOAT, n, c, size, size + 3);
    INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
        NDArrayIndex.interval(0, size));
    view.assign(x);
    assertTrue(!HostKernels.applies(view), "a strided view takes the ND4J ops");
    mfm.setInput(view, noWs);
    INDArray viewOut = mfm.activate(true, noWs);
    mfm.setInput(x, noWs);
    assertEquals(mfm.activate(true, noWs), viewOut);
    mfm.setInput(view, noWs);
    assertEquals(grad, mfm.backpropGradient(eps, noWs).getSecond());
  }

  @Test
  void convolutionalForwardPairsChannelCWithChannelCPlusHalf() {
    ComputationGraph graph = cnnGraph();
    Layer mfm = graph.getLayer("mfm");
    LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 6, 3, 3);
    mfm.setInput(x, noWs);
    INDArray out = mfm.activate(false, noWs);
    assertArrayEquals(new long[] {2, 3, 3, 3}, out.shape());
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int h = 0; h < 3; h++) {
          for (int w = 0; w < 3; w++) {
            double expected = Math.max(x.getDouble(n, c, h, w), x.getDouble(n, c + 3, h, w));
            assertEquals(expected, out.getDouble(n, c, h, w), 0.0);
          }
        }
      }
    }
  }

  @Test
  void outputTypesHalveTheCount() {
    MaxFeatureMap mfm = MaxFeatureMap.builder().name("m").build();
    assertEquals(InputType.convolutional(7, 9, 16), mfm.getOutputType(0, InputType.convolutional(7, 9, 32)));
    assertEquals(InputType.feedForward(50), mfm.getOutputType(0, InputType.feedForward(100)));
    ComputationGraph graph = cnnGraph();
    // conv 4·(3·3·1+1) = 40; output reads 2 channels × 4×4: 32·3+3 = 99
    assertEquals(40 + 99, graph.numParams());
  }

  @Test
  void oddChannelCountRejectedWithClearMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(5, 5, 1))
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(5).build(), "in")
        .addLayer("mfm", MaxFeatureMap.builder().build(), "conv")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).build(), "mfm")
        .setOutputs("out")
        .build());
    assertTrue(e.getMessage().contains("MaxFeatureMap layer \"mfm\""), e.getMessage());
    assertTrue(e.getMessage().contains("even number of channels, got 5"), e.getMessage());
  }

  @Test
  void jsonRoundTrip() {
    ComputationGraphConfiguration conf = cnnGraph().getConfiguration();
    String json = conf.toJson();
    assertTrue(json.contains(MaxFeatureMap.class.getName()), json);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(conf, back);
    assertEquals(json, back.toJson());
  }

  @Test
  void modelSerializerRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
    ComputationGraph graph = cnnGraph();
    File file = dir.resolve("mfm.zip").toFile();
    ModelSerializer.writeModel(graph, file, true);
    ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
    assertInstanceOf(MaxFeatureMapLayer.class, restored.getLayer("mfm"));
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4);
    assertEquals(graph.outputSingle(input), restored.outputSingle(input));
  }
}
