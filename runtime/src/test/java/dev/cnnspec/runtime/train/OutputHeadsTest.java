package dev.cnnspec.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.runtime.layers.WeightedLoss;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** The main head is the one with the largest loss weight, wherever it is declared. */
class OutputHeadsTest {
  @Test
  void auxiliaryHeadsDeclaredFirstAreNotMain() {
    var conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("x")
        .addLayer("h", new DenseLayer.Builder().nOut(4).build(), "x")
        .addLayer("aux", new OutputLayer.Builder().lossFunction(new WeightedLoss(new LossMCXENT(), 0.3)).nOut(3)
            .activation(Activation.SOFTMAX).build(), "h")
        .addLayer("probs", new OutputLayer.Builder().lossFunction(new LossMCXENT()).nOut(3)
            .activation(Activation.SOFTMAX).build(), "h")
        .setOutputs("aux", "probs").setInputTypes(InputType.feedForward(5)).build();
    assertEquals(0.3, OutputHeads.weight(conf, "aux"), 1e-12);
    assertEquals(1, OutputHeads.mainOutput(conf));
    assertEquals(0, OutputHeads.mainOutput(TinyNets.conv(8, 3, true)), "a tie goes to the first head");
  }
}
