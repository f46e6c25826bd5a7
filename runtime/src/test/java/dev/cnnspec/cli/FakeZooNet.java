package dev.cnnspec.cli;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.runtime.dl4j.SpecInterpreter;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Stands in for a generated zoo class (same public surface: {@code INPUT_SHAPE}, {@code builder()},
 * parameter setters, {@code seed}, {@code configuration()}) so the command line can be tested
 * before the zoo is built: conv(8, 5, stride 2) → maxpool(2) → softmax(classes) on [28, 28, 1].
 * Its {@code model()} is that network as a spec, checked with the values set, as a generated
 * class's is.
 */
public final class FakeZooNet {
  public static final List<Integer> INPUT_SHAPE = List.of(28, 28, 1);

  private FakeZooNet() {}

  public static Builder builder() {
    return new Builder();
  }

  private static final String SPEC = """
      network FakeZooNet(classes: int = 10) {
        input image: [28, 28, 1]
        f = image -> conv(8, 5, stride: 2, activation: relu) -> maxpool(2) -> flatten
        output probs = f -> dense(classes, activation: softmax)
      }
      """;

  public static final class Builder {
    private int classes = 10;
    private long seed = 42;

    public Builder classes(int classes) {
      this.classes = classes;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public NetworkModel model() {
      return SpecInterpreter.model(Map.of("fake.cnn", SPEC), "FakeZooNet", Map.of("classes", Integer.toString(classes)));
    }

    public ComputationGraphConfiguration configuration() {
      return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
          .convolutionMode(ConvolutionMode.Truncate).graphBuilder().addInputs("image")
          .addLayer("conv_1", new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(8).activation(Activation.RELU)
              .build(), "image")
          .addLayer("maxpool_1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
              .stride(2, 2).build(), "conv_1")
          .addLayer("probs", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
              .activation(Activation.SOFTMAX).build(), "maxpool_1")
          .setOutputs("probs").setInputTypes(InputType.convolutional(28, 28, 1)).build();
    }
  }
}
