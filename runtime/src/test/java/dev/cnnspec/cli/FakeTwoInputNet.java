package dev.cnnspec.cli;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Stands in for a class generated from an annotated interface (no embedded spec, so no
 * {@code model()}): it describes itself by its constants, here two inputs.
 */
public final class FakeTwoInputNet {
  public static final List<String> INPUT_NAMES = List.of("left", "right");
  public static final List<String> OUTPUT_NAMES = List.of("probs");
  public static final List<Integer> LEFT_SHAPE = List.of(4);
  public static final List<Integer> RIGHT_SHAPE = List.of(6);
  public static final List<Integer> OUTPUT_SHAPE = List.of(10);

  private FakeTwoInputNet() {}

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    public Builder seed(long seed) {
      return this;
    }

    public ComputationGraphConfiguration configuration() {
      return new NeuralNetConfiguration.Builder().graphBuilder().addInputs("left", "right")
          .addVertex("both", new MergeVertex(), "left", "right")
          .addLayer("probs", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
              .activation(Activation.SOFTMAX).build(), "both")
          .setOutputs("probs").setInputTypes(InputType.feedForward(4), InputType.feedForward(6)).build();
    }
  }
}
