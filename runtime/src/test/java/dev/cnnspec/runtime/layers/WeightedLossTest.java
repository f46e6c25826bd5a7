package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/** The weighted loss is exactly weight × the inner loss, in score and gradient, and serialises. */
class WeightedLossTest {
  private static final double WEIGHT = 0.3;

  private final INDArray labels = Nd4j.create(new double[][] {{0, 1, 0}, {1, 0, 0}}).castTo(DataType.FLOAT);
  private final INDArray preOutput = Nd4j.create(new double[][] {{0.2, -1.3, 0.7}, {2.0, 0.1, -0.4}})
      .castTo(DataType.FLOAT);
  private final IActivation softmax = Activation.SOFTMAX.getActivationFunction();

  @Test
  void scoreIsWeightTimesInner() {
    ILossFunction inner = new LossMCXENT();
    WeightedLoss weighted = new WeightedLoss(new LossMCXENT(), WEIGHT);
    for (boolean average : new boolean[] {true, false}) {
      double innerScore = inner.computeScore(labels, preOutput.dup(), softmax, null, average);
      assertNotEquals(0.0, innerScore);
      assertEquals(WEIGHT * innerScore, weighted.computeScore(labels, preOutput.dup(), softmax, null, average));
    }
    INDArray innerArray = inner.computeScoreArray(labels, preOutput.dup(), softmax, null);
    assertEquals(innerArray.mul(WEIGHT), weighted.computeScoreArray(labels, preOutput.dup(), softmax, null));
  }

  @Test
  void gradientIsWeightTimesInner() {
    ILossFunction inner = new LossMSE();
    WeightedLoss weighted = new WeightedLoss(new LossMSE(), WEIGHT);
    IActivation identity = Activation.IDENTITY.getActivationFunction();
    INDArray innerGrad = inner.computeGradient(labels, preOutput.dup(), identity, null);
    assertTrue(innerGrad.amaxNumber().doubleValue() > 0);
    assertEquals(innerGrad.mul(WEIGHT), weighted.computeGradient(labels, preOutput.dup(), identity, null));

    Pair<Double, INDArray> innerBoth = inner.computeGradientAndScore(labels, preOutput.dup(), identity, null, true);
    Pair<Double, INDArray> both = weighted.computeGradientAndScore(labels, preOutput.dup(), identity, null, true);
    assertEquals(WEIGHT * innerBoth.getFirst(), both.getFirst());
    assertEquals(innerBoth.getSecond().mul(WEIGHT), both.getSecond());
  }

  @Test
  void negativeWeightRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WeightedLoss(new LossMCXENT(), -1));
    assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
  }

  @Test
  void jsonRoundTripInsideAGraphConfiguration() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(4))
        .addLayer("aux", new OutputLayer.Builder().lossFunction(new WeightedLoss(new LossMCXENT(), WEIGHT))
            .nOut(3).activation(Activation.SOFTMAX).build(), "in")
        .setOutputs("aux")
        .build();
    String json = conf.toJson();
    assertTrue(json.contains(WeightedLoss.class.getName()), json);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(conf, back);
    BaseOutputLayer layer = (BaseOutputLayer) ((LayerVertex) back.getVertices().get("aux")).getLayerConf().getLayer();
    assertEquals(new WeightedLoss(new LossMCXENT(), WEIGHT), layer.getLossFn());
  }
}
