/**
 * DL4J building blocks the language needs and DL4J lacks: {@link dev.cnnspec.runtime.layers.MaxFeatureMap}
 * (max-feature-map, a layer whose output halves the channel or unit count) and
 * {@link dev.cnnspec.runtime.layers.WeightedLoss} (an output head's loss weight), and DL4J's depthwise
 * and separable convolutions with a working one-channel path
 * ({@link dev.cnnspec.runtime.layers.DepthwiseConvolution}, {@link dev.cnnspec.runtime.layers.SeparableConvolution}). All serialise to
 * DL4J's configuration JSON, so generated code, the interpreter and saved models agree on them.
 */
package dev.cnnspec.runtime.layers;
