package dev.cnnspec.runtime.train;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small graphs and synthetic data for trainer tests; built with DL4J directly so they do not need the compiler. */
final class TinyNets {
  private TinyNets() {}

  /** conv(4, 3) → maxpool(2) → dense(16) with dropout → softmax, on [size, size, 1]; optional auxiliary head. */
  static ComputationGraphConfiguration conv(int size, int classes, boolean auxiliary) {
    return conv(size, classes, auxiliary, 4, 3);
  }

  /** The same graph with another first convolution (same layer names): what an edited spec gives. */
  static ComputationGraphConfiguration conv(int size, int classes, boolean auxiliary, int filters, int kernel) {
    var b = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).convolutionMode(ConvolutionMode.Truncate)
        .graphBuilder().addInputs("image")
        .addLayer("conv_1", new ConvolutionLayer.Builder(kernel, kernel).nOut(filters).activation(Activation.RELU)
            .build(), "image")
        .addLayer("maxpool_1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
            .stride(2, 2).build(), "conv_1")
        .addLayer("dense_1", new DenseLayer.Builder().nOut(16).activation(Activation.RELU).dropOut(0.8).build(),
            "maxpool_1")
        .addLayer("probs", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
            .activation(Activation.SOFTMAX).build(), "dense_1");
    if (auxiliary) {
      b.addLayer("aux", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
          .activation(Activation.SOFTMAX).build(), "maxpool_1");
      b.setOutputs("probs", "aux");
    } else {
      b.setOutputs("probs");
    }
    return b.setInputTypes(InputType.convolutional(size, size, 1)).build();
  }

  /**
   * {@code n} images of {@code size}² in {@code classes} classes: class k is a bright horizontal bar
   * at row band k plus uniform noise. Learnable in a few epochs, far from trivial for chance.
   */
  static InMemoryData bars(int n, int size, int classes, int batch, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][size * size];
    int[] y = new int[n];
    int band = size / classes;
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(classes);
      y[i] = k;
      for (int p = 0; p < size * size; p++) {
        x[i][p] = 0.5f * r.nextFloat();
      }
      int row = k * band + r.nextInt(Math.max(1, band));
      for (int c = 0; c < size; c++) {
        x[i][row * size + c] += 0.8f;
      }
    }
    return new InMemoryData(x, y, new long[] {1, size, size}, classes, batch);
  }

  /** The same images with every label moved to the next class: a validation set training makes worse. */
  static InMemoryData shiftedLabels(InMemoryData d) {
    float[][] x = new float[d.size()][];
    int[] y = new int[d.size()];
    for (int i = 0; i < d.size(); i++) {
      x[i] = d.example(i);
      y[i] = (d.label(i) + 1) % d.numClasses();
    }
    return new InMemoryData(x, y, d.exampleShape(), d.numClasses(), d.batchSize());
  }
}
