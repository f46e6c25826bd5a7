package dev.cnnspec.model;

import java.util.List;
import java.util.Optional;

/**
 * The checked, immutable model of one network that every back end reads: the elaborated graph
 * with every shape inferred and every parameter counted. Only a graph without errors becomes one.
 */
public record NetworkModel(NetworkGraph graph, List<LayerModel> layers, List<OutputModel> outputs) {

  public NetworkModel {
    layers = List.copyOf(layers);
    outputs = List.copyOf(outputs);
  }

  public String name() {
    return graph.name();
  }

  public List<InputNode> inputs() {
    return graph.inputs();
  }

  public List<NetworkParameter> parameters() {
    return graph.parameters();
  }

  public long totalParameters() {
    return layers.stream().mapToLong(LayerModel::parameters).sum();
  }

  public long trainableParameters() {
    return layers.stream().mapToLong(LayerModel::trainableParameters).sum();
  }

  public long totalMacs() {
    return layers.stream().mapToLong(LayerModel::macs).sum();
  }

  public Optional<LayerModel> layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** The shape of a tensor: a network input or a layer output. */
  public Optional<Shape> shapeOf(String tensor) {
    for (InputNode in : graph.inputs()) {
      if (in.name().equals(tensor)) {
        return Optional.of(in.shape());
      }
    }
    return layer(tensor).map(LayerModel::outputShape);
  }
}
