package dev.cnnspec.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * LeNet-5 (the zoo's {@code lenet5.cnn}) written the way a DL4J user would, straight with DL4J's
 * builders and nothing of cnn-spec: the baseline the runtime issue measures the generated class
 * against (generated / hand-written ≥ 0.97). Same layers, initialiser (Xavier uniform), seed and
 * updater as {@code LeNet5.builder()}, so that any speed difference is the generated code's; the
 * flatten is left to DL4J's automatic preprocessor, as hand-written DL4J code does.
 */
final class HandWrittenLeNet5 {
  private HandWrittenLeNet5() {}

  static ComputationGraphConfiguration configuration(long seed) {
    return configuration(seed, false);
  }

  /**
   * With {@code flattenVertex}, the flatten is a {@code PreprocessorVertex} of its own named
   * {@code features}, as in the generated class: the configuration is then the generated one
   * ({@code HandWrittenLeNet5Test}), which {@link LeNet5InstanceBench} uses to tell a difference of
   * structure from one between two instances of the same network.
   */
  static ComputationGraphConfiguration configuration(long seed, boolean flattenVertex) {
    ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.convolutional(32, 32, 1))
        .addLayer("conv_1", new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.RELU)
            .convolutionMode(ConvolutionMode.Truncate).build(), "image")
        .addLayer("maxpool_1", maxpool(), "conv_1")
        .addLayer("conv_2", new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU)
            .convolutionMode(ConvolutionMode.Truncate).build(), "maxpool_1")
        .addLayer("maxpool_2", maxpool(), "conv_2");
    String flat = "maxpool_2";
    if (flattenVertex) {
      graph.addVertex("features", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(5, 5, 16)), flat);
      flat = "features";
    }
    return graph
        .addLayer("dense_1", new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build(), flat)
        .addLayer("dense_2", new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build(), "dense_1")
        .addLayer("probs", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
            .build(), "dense_2")
        .setOutputs("probs")
        .build();
  }

  private static SubsamplingLayer maxpool() {
    return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
        .convolutionMode(ConvolutionMode.Truncate).build();
  }
}
