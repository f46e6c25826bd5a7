package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@link CopyOnShareActivation} and {@link CopyOnSharePReLU} in a graph where each reads a tensor
 * that another layer also reads (the case DL4J's own layers got wrong): inference leaves the shared
 * tensor and the caller's input as they were and equals DL4J's training-mode forward pass (which
 * copies); DL4J's numerical gradient check holds in double precision; configurations and saved
 * models round-trip with the layers' classes.
 */
@ExtendWith(DoublePrecision.class)
class CopyOnShareLayersTest {
  /** in → h; h read by relu, by PReLU and by the merge; relu(in) beside in itself. */
  private static ComputationGraph graph() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(4))
        .addLayer("h", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "in")
        .addLayer("relu", CopyOnShareActivation.of(new ActivationLayer.Builder().activation(Activation.RELU).build()), "h")
        .addLayer("prelu", CopyOnSharePReLU.of(new PReLULayer.Builder().inputShape(5).build()), "h")
        .addLayer("tanh_in", CopyOnShareActivation.of(new ActivationLayer.Builder().activation(Activation.TANH).build()),
            "in")
        .addVertex("merge", new MergeVertex(), "relu", "prelu", "h", "tanh_in", "in")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build(),
            "merge")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  private static INDArray input() {
    Nd4j.getRandom().setSeed(3);
    return Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5).muli(4);
  }

  @Test
  void inferenceLeavesSharedTensorsAndTheCallersInputAsTheyWere() {
    ComputationGraph graph = graph();
    INDArray input = input();
    INDArray pristine = input.dup();
    INDArray inferred = graph.output(false, input)[0];
    assertEquals(pristine, input, "the caller's input array was written into");
    // Training mode copies in DL4J's own layers; the same weights must give the same values.
    INDArray trained = graph.output(true, pristine.dup())[0];
    assertEquals(trained, inferred);
    var activations = graph.feedForward(new INDArray[] {pristine.dup()}, false);
    INDArray h = activations.get("h");
    assertEquals(org.nd4j.linalg.ops.transforms.Transforms.relu(h, true), activations.get("relu"));
    assertTrue(h.minNumber().doubleValue() < 0, "h must have negative values for relu to change");
    assertEquals(h, activations.get("merge").get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(10, 15)), "the merge read h after relu and PReLU ran");
  }

  @Test
  void gradientsAreTheNumericalOnes() {
    ComputationGraph graph = graph();
    // PReLU's slopes start at 0 by default here too: random ones, so that they matter.
    graph.getLayer("prelu").setParam("W", Nd4j.rand(DataType.DOUBLE, 5).subi(0.5));
    INDArray labels = Nd4j.rand(DataType.DOUBLE, 5, 3);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input()}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ");
  }

  @Test
  void configurationsAndSavedModelsKeepTheLayers(@TempDir Path dir) throws Exception {
    ComputationGraph graph = graph();
    ComputationGraphConfiguration conf = graph.getConfiguration();
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");
    File file = dir.resolve("model.zip").toFile();
    ModelSerializer.writeModel(graph, file, true);
    ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
    assertInstanceOf(CopyOnShareActivationLayer.class, restored.getLayer("relu"));
    assertInstanceOf(CopyOnSharePReLULayer.class, restored.getLayer("prelu"));
    INDArray input = input();
    assertEquals(graph.output(false, input.dup())[0], restored.output(false, input.dup())[0]);
  }

  @Test
  void theWrapperKeepsEverySettingOfDl4jsBuilder() {
    PReLULayer dl4j = new PReLULayer.Builder().inputShape(3, 4, 5).sharedAxes(2, 3).name("p").build();
    CopyOnSharePReLU ours = CopyOnSharePReLU.of(dl4j);
    // equals compares classes; the JSON (apart from the class name) compares every setting.
    assertEquals(new NeuralNetConfiguration.Builder().seed(1).layer(dl4j).build().toJson(),
        new NeuralNetConfiguration.Builder().seed(1).layer(ours).build().toJson()
            .replace(CopyOnSharePReLU.class.getName(), PReLULayer.class.getName()));
  }
}
