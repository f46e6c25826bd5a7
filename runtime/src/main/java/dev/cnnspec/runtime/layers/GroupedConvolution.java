package dev.cnnspec.runtime.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a grouped 2-D convolution (PyTorch's {@code Conv2d(groups=g)}): input channels
 * and filters are cut into {@code groups} groups and filter group j sees only input group j. DL4J
 * 1.0.0-M2.1's {@code ConvolutionLayer} has no groups, so this is that layer's configuration (kernel,
 * stride, padding, dilation, convolution mode, activation and bias as DL4J's, through DL4J's own
 * builder) with a group count, its own parameters ({@link GroupedConvolutionParams}: a weight of the
 * grouped shape [out, in / g, kh, kw], so {@code numParams()} is the grouped count) and its own
 * computation ({@link GroupedConvolutionLayer}). The extra field is a plain field, which DL4J's
 * Jackson mapper serialises with the rest, so configurations and saved models round-trip.
 */
public class GroupedConvolution extends ConvolutionLayer {
  private static final long serialVersionUID = 1L;

  private int groups = 1;

  /** For Jackson; prefer {@link #builder(int, int)}. */
  public GroupedConvolution() {}

  protected GroupedConvolution(Builder builder) {
    super(builder);
    this.groups = builder.groups;
  }

  /** A builder for a kh × kw kernel; set {@link Builder#groups} first, then DL4J's settings. */
  public static Builder builder(int kernelHeight, int kernelWidth) {
    return new Builder(kernelHeight, kernelWidth);
  }

  public int getGroups() {
    return groups;
  }

  public void setGroups(int groups) {
    this.groups = groups;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    GroupedConvolutionLayer layer = new GroupedConvolutionLayer(conf, networkDataType);
    layer.setListeners(trainingListeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(paramTable);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return GroupedConvolutionParams.INSTANCE;
  }

  /**
   * As DL4J's convolution, after checking that the channels divide into the groups; the checker
   * refuses such a spec (E0430) long before, so this guards hand-built configurations.
   */
  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (inputType instanceof InputType.InputTypeConvolutional c && c.getChannels() % groups != 0) {
      throw new IllegalArgumentException("GroupedConvolution layer \"" + getLayerName() + "\": " + c.getChannels()
          + " input channels do not divide into " + groups + " groups");
    }
    if (nOut % groups != 0) {
      throw new IllegalArgumentException("GroupedConvolution layer \"" + getLayerName() + "\": " + nOut
          + " filters do not divide into " + groups + " groups");
    }
    return super.getOutputType(layerIndex, inputType);
  }

  @Override
  public GroupedConvolution clone() {
    return (GroupedConvolution) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupedConvolution g && g.groups == groups && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + groups;
  }

  /** DL4J's convolution builder plus the group count; call {@link #groups} before DL4J's setters. */
  public static class Builder extends ConvolutionLayer.Builder {
    private int groups = 1;

    public Builder(int kernelHeight, int kernelWidth) {
      super(kernelHeight, kernelWidth);
    }

    public Builder groups(int groups) {
      if (groups < 1) {
        throw new IllegalArgumentException("groups must be at least 1, got " + groups);
      }
      this.groups = groups;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public GroupedConvolution build() {
      return new GroupedConvolution(this);
    }
  }
}
