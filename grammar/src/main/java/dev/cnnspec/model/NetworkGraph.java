package dev.cnnspec.model;

import dev.cnnspec.diag.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fully elaborated network: blocks expanded, repetitions unrolled, parameters substituted.
 * This is where both front ends meet; it is not yet checked (no shapes). Layers are listed in a
 * topological order (every layer after the layers it reads). {@code blocks} lists the block
 * instances in the order they were entered (outer before inner); front ends without blocks leave
 * it empty.
 */
public record NetworkGraph(String name, Location location, List<NetworkParameter> parameters,
    List<InputNode> inputs, List<LayerNode> layers, List<OutputNode> outputs, List<BlockInstance> blocks) {

  public NetworkGraph {
    parameters = List.copyOf(parameters);
    inputs = List.copyOf(inputs);
    layers = List.copyOf(layers);
    outputs = List.copyOf(outputs);
    blocks = List.copyOf(blocks);
  }

  /** A graph without block instances (the Java front end has none). */
  public NetworkGraph(String name, Location location, List<NetworkParameter> parameters,
      List<InputNode> inputs, List<LayerNode> layers, List<OutputNode> outputs) {
    this(name, location, parameters, inputs, layers, outputs, List.of());
  }

  /** The instance with this path ({@code a/b}), if the front end recorded it. */
  public Optional<BlockInstance> block(String path) {
    return blocks.stream().filter(b -> b.path().equals(path)).findFirst();
  }

  public Optional<LayerNode> layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** Name → layer, in topological order. */
  public Map<String, LayerNode> layersByName() {
    Map<String, LayerNode> byName = new LinkedHashMap<>();
    for (LayerNode l : layers) {
      byName.put(l.name(), l);
    }
    return byName;
  }
}
