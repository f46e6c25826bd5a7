package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@link CachedViewUpdater} against DL4J's own {@code ComputationGraphUpdater} on the same graph:
 * weights and updater state must be equal to the bit after several steps (it runs DL4J's ops on
 * DL4J's views, only without making new ones), for Adam with batch norm's no-op blocks, L2 and
 * weight decay, a frozen layer, a second updater type, and gradient normalization (which goes to
 * DL4J's code); and a graph saved with {@code ModelSerializer} must load with the same weights,
 * state and configuration and go on training to the same weights.
 */
class CachedViewUpdaterTest {

  @Test
  void adamWithBatchNormRegularizationAndMixedUpdatersEqualsDl4jBitForBit() {
    ComputationGraph[] trained = trainedSideBySide(GradientNormalization.None, 4);
    ComputationGraph dl4j = trained[0];
    ComputationGraph ours = trained[1];
    assertTrue(dl4j.getUpdater().getUpdaterBlocks().size() >= 4,
        "the network must split into several blocks (Adam, batch norm's no-op, Nesterovs, frozen)");
    CachedViewUpdater updater = assertInstanceOf(CachedViewUpdater.class, ours.getUpdater());
    assertEquals(4, updater.ownSteps(), "every step must take the cached-view path");
    assertBitwiseEqual("weights", dl4j.params(), ours.params());
    assertBitwiseEqual("updater state", dl4j.getUpdater().getStateViewArray(), ours.getUpdater().getStateViewArray());
  }

  @Test
  void madeAtTheFirstTrainingStepSoThatBuildingAllocatesNoState() {
    ComputationGraphConfiguration conf = network(GradientNormalization.None);
    ComputationGraph dl4j = graph(conf);
    ComputationGraph ours = graph(conf);
    CachedViewUpdater.installWhenTraining(ours);
    assertNull(ours.getUpdater(false), "no updater (and no Adam state) before training");
    for (int step = 0; step < 2; step++) {
      DataSet batch = batch(6, step);
      dl4j.fit(batch);
      ours.fit(batch);
    }
    CachedViewUpdater updater = assertInstanceOf(CachedViewUpdater.class, ours.getUpdater(false));
    assertEquals(2, updater.ownSteps(), "the first step too");
    assertBitwiseEqual("weights", dl4j.params(), ours.params());
  }

  @Test
  void gradientNormalizationGoesToDl4jsOwnCode() {
    ComputationGraph[] trained = trainedSideBySide(GradientNormalization.ClipL2PerLayer, 3);
    ComputationGraph dl4j = trained[0];
    ComputationGraph ours = trained[1];
    assertEquals(0, ((CachedViewUpdater) ours.getUpdater()).ownSteps());
    assertBitwiseEqual("weights", dl4j.params(), ours.params());
  }

  @Test
  void savedGraphLoadsAndResumesToTheSameWeights() throws IOException {
    ComputationGraph trained = graph(network(GradientNormalization.None));
    CachedViewUpdater.install(trained);
    trained.fit(batch(6, 0));
    trained.fit(batch(6, 1));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(trained, bytes, true);
    ComputationGraph plainLoad = restore(bytes);
    ComputationGraph tunedLoad = restore(bytes);
    CachedViewUpdater.install(tunedLoad);

    assertSame(ComputationGraphUpdater.class, plainLoad.getUpdater().getClass(), "a saved graph loads as DL4J's");
    assertEquals(trained.getConfiguration().toJson(), plainLoad.getConfiguration().toJson());
    assertBitwiseEqual("loaded weights", trained.params(), plainLoad.params());
    assertBitwiseEqual("loaded updater state", trained.getUpdater().getStateViewArray(),
        plainLoad.getUpdater().getStateViewArray());
    assertBitwiseEqual("state kept by install", trained.getUpdater().getStateViewArray(),
        tunedLoad.getUpdater().getStateViewArray());

    for (int step = 2; step < 4; step++) {
      DataSet batch = batch(6, step);
      trained.fit(batch);
      plainLoad.fit(batch);
      tunedLoad.fit(batch);
    }
    assertEquals(2, ((CachedViewUpdater) tunedLoad.getUpdater()).ownSteps());
    assertBitwiseEqual("resumed weights (DL4J's updater)", trained.params(), plainLoad.params());
    assertBitwiseEqual("resumed weights (cached views)", trained.params(), tunedLoad.params());
  }

  /** The same network trained on the same batches: {DL4J's updater, {@link CachedViewUpdater}}. */
  private static ComputationGraph[] trainedSideBySide(GradientNormalization normalization, int steps) {
    ComputationGraphConfiguration conf = network(normalization);
    ComputationGraph dl4j = graph(conf);
    ComputationGraph ours = graph(conf);
    CachedViewUpdater.install(ours);
    for (int step = 0; step < steps; step++) {
      DataSet batch = batch(6, step);
      dl4j.fit(batch);
      ours.fit(batch);
    }
    return new ComputationGraph[] {dl4j, ours};
  }

  private static ComputationGraph restore(ByteArrayOutputStream bytes) throws IOException {
    return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
  }

  /**
   * conv (L2) → batch norm (running statistics: no-op blocks) → conv with Nesterovs → dense with
   * weight decay → frozen dense (no-op) → softmax output.
   */
  private static ComputationGraphConfiguration network(GradientNormalization normalization) {
    return new NeuralNetConfiguration.Builder()
        .seed(3)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-2))
        .weightInit(WeightInit.XAVIER)
        .gradientNormalization(normalization)
        .gradientNormalizationThreshold(0.5)
        .graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.convolutional(8, 8, 2))
        .addLayer("conv_1", new ConvolutionLayer.Builder(3, 3).nOut(4).l2(1e-3).activation(Activation.RELU)
            .convolutionMode(ConvolutionMode.Same).build(), "image")
        .addLayer("conv_1_bn", new BatchNormalization.Builder().decay(0.9).eps(1e-5).build(), "conv_1")
        .addLayer("conv_2", new ConvolutionLayer.Builder(3, 3).nOut(3).stride(2, 2).updater(new Nesterovs(1e-2, 0.9))
            .activation(Activation.TANH).convolutionMode(ConvolutionMode.Same).build(), "conv_1_bn")
        .addLayer("dense_1", new DenseLayer.Builder().nOut(12).weightDecay(1e-2).activation(Activation.RELU).build(),
            "conv_2")
        .addLayer("frozen", new DenseLayer.Builder().nOut(8).updater(new NoOp()).activation(Activation.RELU).build(),
            "dense_1")
        .addLayer("probs", new OutputLayer.Builder(LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX).build(),
            "frozen")
        .setOutputs("probs")
        .build();
  }

  private static ComputationGraph graph(ComputationGraphConfiguration conf) {
    ComputationGraph graph = new ComputationGraph(conf.clone());
    graph.init();
    return graph;
  }

  private static DataSet batch(int n, long seed) {
    return RandomBatches.of(n, 2, 8, 5, 100 + seed);
  }


  private static void assertBitwiseEqual(String what, INDArray expected, INDArray actual) {
    assertArrayEquals(expected.dup().data().asFloat(), actual.dup().data().asFloat(), 0f, what);
  }
}
