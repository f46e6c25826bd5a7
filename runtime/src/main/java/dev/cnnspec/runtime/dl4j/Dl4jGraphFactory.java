package dev.cnnspec.runtime.dl4j;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputFusion;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.exec.FastPath;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The DL4J back end: a checked {@link NetworkModel} becomes a {@link ComputationGraphConfiguration}
 * as design.md prescribes. Always a ComputationGraph, even for a chain, so that one translation
 * serves every network (a chain is a graph, a residual block is not a list); NCHW activations, with
 * graph inputs {@code InputType.convolutional(h, w, c)} or {@code InputType.feedForward(n)} so that
 * DL4J infers every {@code nIn} itself. One DL4J layer or vertex per model layer, in the model's
 * order and under its name; output heads follow {@link OutputFusion}; per-op details are in
 * {@link Dl4jLayers}.
 *
 * <p>Weights are initialised with {@link WeightInit#XAVIER_UNIFORM}, Keras's default
 * ({@code glorot_uniform}), rather than DL4J's {@code XAVIER} (a normal distribution): the language
 * follows Keras semantics, so a spec trained here should start like the same model in Keras, and
 * published results for these architectures were mostly obtained with that initialisation.
 *
 * <p>The generated code ({@code dev.cnnspec.codegen.dl4j.Dl4jConfigurationEmitter}) builds the same
 * configuration statement by statement; their {@code toJson()} must be equal.
 */
public final class Dl4jGraphFactory {
  private Dl4jGraphFactory() {}

  /**
   * @param seed DL4J's random seed (weight initialisation, dropout)
   * @param updater the optimiser for every layer, e.g. {@code new Adam(1e-3)}
   */
  public static ComputationGraphConfiguration configuration(NetworkModel model, long seed, IUpdater updater) {
    Objects.requireNonNull(updater, "updater");
    ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(updater)
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .graphBuilder();
    InputType[] inputTypes = new InputType[model.inputs().size()];
    for (int i = 0; i < inputTypes.length; i++) {
      InputNode input = model.inputs().get(i);
      builder.addInputs(input.name());
      inputTypes[i] = inputType(input.shape());
    }
    builder.setInputTypes(inputTypes);

    OutputFusion heads = new OutputFusion(model);
    for (LayerModel layer : model.layers()) {
      String[] inputs = layer.node().inputs().toArray(String[]::new);
      OutputModel fused = heads.fusedInto(layer.name());
      if (fused != null) {
        builder.addLayer(layer.name(), Dl4jLayers.outputLayer((Op.Dense) layer.op(), fused, heads.activation(fused)),
            inputs);
        continue;
      }
      Dl4jLayers.Node node = Dl4jLayers.node(layer.op(), model, layer.node().inputs());
      if (node.layer() != null) {
        builder.addLayer(layer.name(), node.layer(), inputs);
      } else {
        builder.addVertex(layer.name(), node.vertex(), inputs);
      }
    }
    for (OutputModel head : model.outputs()) {
      String lossLayer = heads.lossLayerName(head);
      if (lossLayer != null) {
        builder.addLayer(lossLayer, Dl4jLayers.lossLayer(head, heads.activation(head)), head.node().source());
      }
    }
    builder.setOutputs(heads.graphOutputs().toArray(String[]::new));
    return builder.build();
  }

  /** The configuration as a network with initialised weights; refuses one that cannot fit in memory. */
  public static ComputationGraph network(NetworkModel model, long seed, IUpdater updater) {
    ComputationGraphConfiguration conf = configuration(model, seed, updater);
    MemoryBudget.check(conf, 1, model.name());
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return FastPath.optimise(graph);
  }

  static InputType inputType(Shape shape) {
    if (shape instanceof Shape.Spatial s) {
      return InputType.convolutional(s.height(), s.width(), s.channels());
    }
    return InputType.feedForward(((Shape.Flat) shape).size());
  }
}
