package dev.cnnspec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnspec.runtime.exec.FastPath;
import dev.cnnspec.runtime.exec.PathSwitch;
import dev.cnnspec.zoo.LeNet5;
import dev.cnnspec.zoo.LightCNN;
import dev.cnnspec.zoo.ResNet20;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The networks {@code bench/speed} times, as their generated classes configure them, on the fast path
 * against plain DL4J in one JVM ({@link PathSwitch}) from the same weights and batch (dropout masks
 * drawn from the same seed). The runtime's {@code FastPathEquivalenceTest} checks the arithmetic on
 * miniatures at 1e-4, with the fast path's internals (fused ReLUs, blocked edges) asserted; this one
 * checks the real configurations end to end: ResNet-20's 16-, 32- and 64-channel stages, whose whole
 * residual stream runs in oneDNN's blocked layout at inference.
 *
 * <p>Inference and the loss are compared as tightly as there. The gradients are compared in L2 and
 * the weights after two Adam steps through the network's output, because a ReLU is not continuous in
 * its gradient: where a pre-activation lies within float rounding of zero the two paths may switch a
 * unit differently. Measured (seed 17, batch 8): one of ResNet-20's 32,768 values at the last block's
 * first ReLU did, which moved that block's {@code conv_1_W} gradient by 4.2e-2 in max norm and 6.8e-3
 * in L2 (batch norm couples the whole channel), while every activation agreed with a double-precision
 * DL4J run to 5e-6; and Adam's first steps move each weight by about the learning rate whatever the
 * gradient's size, so a gradient near zero whose sign differs moves a weight 2e-3 apart. A layout or
 * mask mistake gives errors of order one.
 */
class BenchNetworksFastPathTest {
  /** As in {@code FastPathEquivalenceTest}: relative to the largest magnitude compared. */
  private static final double RELATIVE = 1e-4;
  /** Gradients, relative in L2 (class comment: a ReLU unit switched differently gave 6.8e-3). */
  private static final double GRADIENT_L2 = 2e-2;
  /** The output after two Adam steps, relative to its largest magnitude (measured: 1.8e-3). */
  private static final double TRAINED = 1e-2;

  @ParameterizedTest
  @EnumSource(BenchNetwork.class)
  void fastPathComputesWhatPlainDl4jComputes(BenchNetwork net) {
    FastPath.enable();
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    ComputationGraphConfiguration conf = switch (net) {
      case LENET5 -> LeNet5.builder().configuration();
      case LIGHTCNN -> LightCNN.builder().configuration();
      case RESNET20 -> ResNet20.builder().configuration();
    };
    ComputationGraph plain = PathSwitch.PLAIN.build(conf);
    ComputationGraph fast = FastPath.optimise(PathSwitch.FAST.build(conf));
    fast.setParams(plain.params().dup());
    List<Integer> shape = switch (net) {
      case LENET5 -> LeNet5.INPUT_SHAPE;
      case LIGHTCNN -> LightCNN.INPUT_SHAPE;
      case RESNET20 -> ResNet20.INPUT_SHAPE;
    };
    DataSet data = batch(8, shape.get(0), shape.get(1), shape.get(2));
    assertClose(net + " inference output", output(plain, PathSwitch.PLAIN, data), output(fast, PathSwitch.FAST, data),
        RELATIVE);

    double[] scores = new double[2];
    List<Map<String, INDArray>> gradients = new java.util.ArrayList<>();
    int k = 0;
    for (ComputationGraph graph : new ComputationGraph[] {plain, fast}) {
      PathSwitch path = graph == plain ? PathSwitch.PLAIN : PathSwitch.FAST;
      int at = k++;
      path.run(() -> {
        Nd4j.getRandom().setSeed(5);
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        graph.computeGradientAndScore();
        scores[at] = graph.score();
        Map<String, INDArray> grads = new TreeMap<>();
        graph.gradient().gradientForVariable().forEach((name, g) -> grads.put(name, g.dup()));
        gradients.add(grads);
        return null;
      });
    }
    assertEquals(scores[0], scores[1], Math.abs(scores[0]) * 1e-5, net + " loss");
    assertEquals(gradients.get(0).keySet(), gradients.get(1).keySet());
    for (String name : gradients.get(0).keySet()) {
      INDArray expected = gradients.get(0).get(name);
      double error = expected.sub(gradients.get(1).get(name)).norm2Number().doubleValue()
          / Math.max(expected.norm2Number().doubleValue(), 1e-12);
      assertTrue(error <= GRADIENT_L2, () -> net + " " + name + " gradient: relative L2 error " + error);
    }
    for (int step = 0; step < 2; step++) {
      int seed = 100 + step;
      PathSwitch.PLAIN.run(() -> fitOnce(plain, data, seed));
      PathSwitch.FAST.run(() -> fitOnce(fast, data, seed));
    }
    assertClose(net + " inference output after 2 Adam steps", output(plain, PathSwitch.PLAIN, data),
        output(fast, PathSwitch.FAST, data), TRAINED);
  }

  private static INDArray output(ComputationGraph graph, PathSwitch path, DataSet data) {
    return path.run(() -> graph.outputSingle(false, data.getFeatures()).dup());
  }

  /** One step, its dropout masks drawn from {@code seed} (the same on both paths). */
  private static Void fitOnce(ComputationGraph graph, DataSet data, int seed) {
    Nd4j.getRandom().setSeed(seed);
    graph.fit(data);
    return null;
  }

  /** {@code n} random images of {@code height × width × channels} (NCHW) with one-hot labels of 10 classes. */
  private static DataSet batch(int n, int height, int width, int channels) {
    Nd4j.getRandom().setSeed(17);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, height, width);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, (i * 3) % 10, 1f);
    }
    return new DataSet(x, y);
  }

  private static void assertClose(String what, INDArray expected, INDArray actual, double relative) {
    assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
    double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-6);
    double diff = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(diff <= relative * scale,
        () -> what + ": max |plain − fast| = " + diff + " exceeds " + relative + " × " + scale);
  }
}
