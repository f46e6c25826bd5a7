package dev.cnnspec.importer.keras;

/**
 * What one Keras layer becomes in the spec: an input ({@code text} is its shape, {@code [24, 24, 1]}),
 * a layer element ({@code conv(6, 5, activation: relu)}) or a merge ({@code add}, {@code concat},
 * written as a call on the tensors it reads), and which weights it carries.
 */
record SpecLayer(Kind kind, String text, Weights weights) {

  enum Kind { INPUT, LAYER, MERGE }

  /** The weight layouts {@link WeightTransfer} converts; one per weighted op of the language. */
  enum Weights { NONE, CONV, DEPTHWISE, SEPARABLE, TRANSPOSED, DENSE, BATCHNORM, PRELU }

  static SpecLayer layer(String text) {
    return new SpecLayer(Kind.LAYER, text, Weights.NONE);
  }

  static SpecLayer weighted(String text, Weights weights) {
    return new SpecLayer(Kind.LAYER, text, weights);
  }
}
