package dev.cnnspec.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@link BroadcastVertex} by DL4J's numerical gradient check in double precision, for both
 * operations and both gate forms ([N, C] from a dense layer, [N, C, 1, 1] from a kept global pool),
 * in both input orders: the gradient reaching the gate and the gated tensor is right once (a lambda
 * vertex doubles it).
 */
@ExtendWith(DoublePrecision.class)
class BroadcastVertexTest {
  @ParameterizedTest(name = "{0}, kept gate {1}, gate first {2}")
  @CsvSource({"MULTIPLY, false, false", "MULTIPLY, true, false", "MULTIPLY, false, true", "ADD, false, false",
      "ADD, true, true"})
  void gradientCheck(BroadcastVertex.Operation operation, boolean keptGate, boolean gateFirst) {
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).weightInit(new NormalDistribution(0, 1))
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(4, 4, 3))
        .addLayer("x", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH)
            .convolutionMode(ConvolutionMode.Same).build(), "in");
    if (keptGate) {
      b.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build(), "x")
          .addLayer("gate", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.SIGMOID).build(), "pool");
    } else {
      b.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "x")
          .addLayer("gate", new DenseLayer.Builder().nOut(3).activation(Activation.SIGMOID).build(), "pool");
    }
    ComputationGraphConfiguration conf = b
        .addVertex("y", new BroadcastVertex(operation), gateFirst ? new String[] {"gate", "x"} : new String[] {"x", "gate"})
        .addVertex("f", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(4, 4, 3)), "y")
        .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "f")
        .setOutputs("out")
        .build();
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(5);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4).subi(0.5);
    INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    assertTrue(ok, "numerical and analytic gradients differ through the broadcast " + operation);
  }
}
