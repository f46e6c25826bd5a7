package dev.cnnspec.model;

/**
 * A checked layer: the node with its inferred output shape, its parameter counts (Keras and DL4J
 * agree on them; batch norm's 4·C has 2·C trainable) and its multiply-accumulates per example.
 */
public record LayerModel(LayerNode node, Shape outputShape, long parameters, long trainableParameters,
    long macs) {

  public String name() {
    return node.name();
  }

  public Op op() {
    return node.op();
  }
}
