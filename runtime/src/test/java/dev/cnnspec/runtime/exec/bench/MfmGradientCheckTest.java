package dev.cnnspec.runtime.exec.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The benchmark's MFM layer backpropagates the true gradient (numeric check in double precision),
 * after a convolution and after a dense layer, so the Light CNN timings train a correct network.
 */
class MfmGradientCheckTest {

  @Test
  void mfmGradientMatchesNumericGradient() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(4, 4, 1))
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.IDENTITY)
            .convolutionMode(ConvolutionMode.Same).build(), "in")
        .addLayer("conv_mfm", Mfm.named("conv_mfm"), "conv")
        .addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "conv_mfm")
        .addLayer("dense_mfm", Mfm.named("dense_mfm"), "dense")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build(), "dense_mfm")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4);
    INDArray y = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}});
    DataType before = Nd4j.dataType();
    DataType beforeFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
    boolean ok;
    try {
      ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
          .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(1e-6).maxRelError(1e-3)
          .minAbsoluteError(1e-8));
    } finally {
      Nd4j.setDefaultDataTypes(before, beforeFloat);
    }
    assertTrue(ok, "MFM gradient check failed (see log for the failing parameters)");
  }
}
