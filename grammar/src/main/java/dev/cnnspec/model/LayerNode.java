package dev.cnnspec.model;

import dev.cnnspec.diag.Location;
import java.util.List;

/**
 * One layer of an elaborated network: a unique name, what it computes, the names of the tensors
 * it reads (inputs of the network or other layers), and the place in the source that made it.
 * A layer's output tensor has the layer's name.
 */
public record LayerNode(String name, Op op, List<String> inputs, Location location) {
  public LayerNode {
    inputs = List.copyOf(inputs);
  }
}
