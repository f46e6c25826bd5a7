package dev.cnnspec.model;

/** A checked output head with the shape it produces. */
public record OutputModel(OutputNode node, Shape shape) {
  public String name() {
    return node.name();
  }
}
