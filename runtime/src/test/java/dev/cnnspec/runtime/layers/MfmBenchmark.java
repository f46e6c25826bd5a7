package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Not a test: times max-feature-map against ReLU after the same convolution (3×3, 16 → 64
 * channels on 32×32, batch 32), forward alone and forward + backward, to show what MFM costs over
 * an element-wise activation. Arguments: {@code [iterations]} (default 20).
 * Run (from the repository root):
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * java -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat /tmp/rt.cp) \
 *     dev.cnnspec.runtime.layers.MfmBenchmark 20
 * </pre>
 */
public final class MfmBenchmark {
  private MfmBenchmark() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    INDArray input = Nd4j.rand(32, 16, 32, 32);
    INDArray labels = Nd4j.zeros(32, 10);
    for (int i = 0; i < 32; i++) {
      labels.putScalar(i, i % 10, 1.0);
    }
    ComputationGraph mfm = graph(MaxFeatureMap.builder().build());
    ComputationGraph relu = graph(new ActivationLayer.Builder().activation(Activation.RELU).build());
    System.out.printf("conv 3x3 16→64 on 32x32, batch 32, %d iterations (after %d warm-up)%n", iterations, 5);
    for (String what : new String[] {"forward", "forward+backward"}) {
      double tm = time(mfm, input, labels, what, iterations);
      double tr = time(relu, input, labels, what, iterations);
      System.out.printf("%-17s conv+mfm %8.2f ms   conv+relu %8.2f ms   ratio %.2f%n", what, tm, tr, tm / tr);
    }
  }

  private static ComputationGraph graph(Layer activation) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(1)
        .updater(new Sgd(0.01))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(32, 32, 16))
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(64).convolutionMode(ConvolutionMode.Same)
            .activation(Activation.IDENTITY).build(), "in")
        .addLayer("act", activation, "conv")
        .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "act")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
            .build(), "gap")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  /** Milliseconds per iteration. */
  private static double time(ComputationGraph graph, INDArray input, INDArray labels, String what, int iterations) {
    Runnable step = what.equals("forward")
        ? () -> graph.output(input)
        : () -> {
          graph.setInputs(input);
          graph.setLabels(labels);
          graph.computeGradientAndScore();
        };
    for (int i = 0; i < 5; i++) {
      step.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      step.run();
    }
    return (System.nanoTime() - start) / 1e6 / iterations;
  }
}
