package dev.cnnspec.runtime.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link SeparableConvolution2D} (same parameters, layout and JSON fields) with an
 * implementation, {@link SeparableConvolutionLayer}, that also computes a one-channel input:
 * libnd4j 1.0.0-M2.1's {@code sconv2d} skips the pointwise step there ({@link OneChannel} says
 * why). Every other input runs DL4J's code unchanged.
 */
public class SeparableConvolution extends SeparableConvolution2D {
  private static final long serialVersionUID = 1L;

  /** For Jackson; prefer the {@link Builder}. */
  public SeparableConvolution() {}

  protected SeparableConvolution(Builder builder) {
    super(builder);
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return LayerSettings.instantiated(new SeparableConvolutionLayer(conf, networkDataType), this, conf, trainingListeners,
        layerIndex, layerParamsView, initializeParams);
  }

  /** DL4J's builder; {@link #build()} makes this class. */
  public static class Builder extends SeparableConvolution2D.Builder {
    public Builder(int... kernelSize) {
      super(kernelSize);
    }

    @Override
    @SuppressWarnings("unchecked")
    public SeparableConvolution build() {
      super.build(); // DL4J's validation of kernel, stride and padding
      return new SeparableConvolution(this);
    }
  }
}
