package dev.cnnspec.runtime.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the max-feature-map layer (Wu et al., "A Light CNN for Deep Face
 * Representation"): the channels of an NCHW activation, or the units of a feed-forward one, are
 * split into two halves and the output is their element-wise maximum, so the count halves.
 *
 * <p>It is a layer of its own rather than a composition of DL4J parts because the obvious
 * compositions were found wrong: a {@code SameDiffLambdaLayer} version doubled the gradient, and
 * {@code SubsetVertex} + {@code ElementWiseVertex(Max)} gets the channel counts of CNN inputs wrong
 * under {@code setInputTypes}. Here the backward pass is explicit and checked numerically
 * ({@code MaxFeatureMapTest}). Having no fields beyond DL4J's {@link Layer}, it serialises
 * to JSON like DL4J's own layers (class name in {@code @class}), so configurations and saved models
 * round-trip. The computation is in {@link MaxFeatureMapLayer}.
 */
public class MaxFeatureMap extends NoParamLayer {
  private static final long serialVersionUID = 1L;

  /** For Jackson; prefer {@link #builder()}. */
  public MaxFeatureMap() {}

  protected MaxFeatureMap(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return LayerSettings.instantiated(new MaxFeatureMapLayer(conf, networkDataType), this, conf, trainingListeners,
        layerIndex, layerParamsView, initializeParams);
  }

  /**
   * Halves the channels of a convolutional input or the units of a feed-forward one. An odd count
   * is a configuration error, reported when the graph's input types are set, long before training.
   */
  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (inputType instanceof InputType.InputTypeConvolutional c) {
      if (c.getFormat() != CNN2DFormat.NCHW) {
        throw new IllegalArgumentException(describe() + " supports NCHW activations only, got "
            + c.getFormat() + "; build the network with the default NCHW format");
      }
      long half = halve(c.getChannels(), "channels");
      return InputType.convolutional(c.getHeight(), c.getWidth(), half, CNN2DFormat.NCHW);
    }
    if (inputType instanceof InputType.InputTypeFeedForward f) {
      return InputType.feedForward(halve(f.getSize(), "units"));
    }
    throw new IllegalArgumentException(describe() + " needs a convolutional (NCHW) or feed-forward"
        + " input, got " + inputType);
  }

  private long halve(long count, String what) {
    if (count % 2 != 0) {
      throw new IllegalArgumentException(describe() + ": max-feature-map needs an even number of "
          + what + ", got " + count + "; give the layer before it an even number of " + what);
    }
    return count / 2;
  }

  private String describe() {
    return "MaxFeatureMap layer \"" + getLayerName() + "\"";
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    // Both CNN and feed-forward activations are consumed as they are.
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType outputType = getOutputType(-1, inputType);
    return new LayerMemoryReport.Builder(layerName, MaxFeatureMap.class, inputType, outputType)
        .standardMemory(0, 0)
        // Backprop keeps a comparison mask the size of the output.
        .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + getClass().getName().hashCode();
  }

  /** DL4J-style builder, so that a layer name and dropout can be set as on DL4J's own layers. */
  public static class Builder extends Layer.Builder<Builder> {
    @Override
    @SuppressWarnings("unchecked")
    public MaxFeatureMap build() {
      return new MaxFeatureMap(this);
    }
  }
}
