package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Our own activations against PyTorch's definitions, written out here independently of the
 * implementation (Hardsigmoid = relu6(x + 3) / 6, Hardswish = x · relu6(x + 3) / 6, GELU = x · Φ(x)
 * with Φ by numerical integration), their
 * gradients by DL4J's numerical gradient check in double precision, and their JSON round trip.
 */
@ExtendWith(DoublePrecision.class)
class OwnActivationsTest {
  private static double relu6(double x) {
    return Math.min(Math.max(x, 0), 6);
  }

  private static IActivation of(String name) {
    return switch (name) {
      case "hard_sigmoid" -> new HardSigmoid();
      case "hard_swish" -> new HardSwish();
      default -> new Gelu();
    };
  }

  private static double reference(String name, double x) {
    double gate = relu6(x + 3) / 6;
    return switch (name) {
      case "hard_sigmoid" -> gate;
      case "hard_swish" -> x * gate;
      default -> x * Reference.normalCdf(x);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"hard_sigmoid", "hard_swish", "gelu"})
  void valuesArePyTorchs(String name) {
    double[] xs = {-7, -3.5, -3, -2.9, -1, -0.25, 0, 0.4, 1, 2.5, 3, 3.01, 8};
    INDArray out = of(name).getActivation(Nd4j.createFromArray(xs), false);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(reference(name, xs[i]), out.getDouble(i), 1e-9, name + "(" + xs[i] + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hard_sigmoid", "hard_swish", "gelu"})
  void derivativeAwayFromTheKinksIsTheCentralDifference(String name) {
    double[] xs = {-6, -2.5, -1, 0.3, 2, 5};
    INDArray dLdz = of(name).backprop(Nd4j.createFromArray(xs), Nd4j.ones(DataType.DOUBLE, xs.length)).getFirst();
    for (int i = 0; i < xs.length; i++) {
      double h = 1e-6;
      double numeric = (reference(name, xs[i] + h) - reference(name, xs[i] - h)) / (2 * h);
      assertEquals(numeric, dLdz.getDouble(i), 1e-6, name + "'(" + xs[i] + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hard_sigmoid", "hard_swish", "gelu"})
  void gradientCheckThroughANetwork(String name) {
    // inputs in [-4, 4] cross the kinks at ±3 only with probability ~0 at the checked points
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(4))
        .addLayer("dense", new DenseLayer.Builder().nOut(6).activation(of(name)).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(),
            "dense")
        .setOutputs("out")
        .build();
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(3);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5).muli(4);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, 5, 3);
    for (int r = 0; r < 5; r++) {
      labels.putScalar(r, r % 3, 1.0);
    }
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ through dense(" + name + ")");
  }
}
