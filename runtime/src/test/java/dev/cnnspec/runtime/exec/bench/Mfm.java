package dev.cnnspec.runtime.exec.bench;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max-feature-map configuration for the benchmark and the equivalence test: halves the channels
 * (or units) by taking the element-wise maximum of the first and second half. A stand-in until
 * the runtime's own MFM ({@code dev.cnnspec.runtime.layers}) is merged; the harness should then use
 * that one, since the point is to measure what generated models run.
 */
public final class Mfm extends NoParamLayer {
  private static final long serialVersionUID = 1L;

  public Mfm() {
    super(new Builder());
  }

  private Mfm(Builder builder) {
    super(builder);
  }

  public static Mfm named(String name) {
    Builder b = new Builder();
    b.name(name);
    return new Mfm(b);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
    MfmLayer layer = new MfmLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
    layer.setParamTable(table);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType in) {
    if (in instanceof InputType.InputTypeConvolutional c) {
      return InputType.convolutional(c.getHeight(), c.getWidth(), half(c.getChannels()), c.getFormat());
    }
    if (in instanceof InputType.InputTypeFeedForward f) {
      return InputType.feedForward(half(f.getSize()));
    }
    throw new IllegalArgumentException("MFM needs convolutional or flat input, got " + in);
  }

  private long half(long n) {
    if (n % 2 != 0) {
      throw new IllegalArgumentException("MFM " + getLayerName() + " needs an even channel count, got " + n);
    }
    return n / 2;
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType in) {
    InputType out = getOutputType(-1, in);
    return new LayerMemoryReport.Builder(layerName, Mfm.class, in, out)
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, out.arrayElementsPerExample())
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  /** Builder DL4J's JSON and clone machinery expect. */
  public static final class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
    @Override
    @SuppressWarnings("unchecked")
    public Mfm build() {
      return new Mfm(this);
    }
  }
}
