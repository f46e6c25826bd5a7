package dev.cnnspec.runtime.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of a {@link GroupedConvolution}: bias "b" [out] (when the layer has one) then
 * weights "W" [out, in / groups, kh, kw] in C order, both views of the layer's flat parameter
 * array, as DL4J lays out its own convolution's (bias first). The weight is PyTorch's and ONNX's
 * grouped layout: filter o belongs to group o / (out / groups). Fan-in and fan-out for the
 * initialisation are those of one group, as PyTorch computes them.
 */
final class GroupedConvolutionParams extends ConvolutionParamInitializer {
  static final GroupedConvolutionParams INSTANCE = new GroupedConvolutionParams();

  private GroupedConvolutionParams() {}

  private static GroupedConvolution conf(Layer l) {
    return (GroupedConvolution) l;
  }

  private static long[] weightShape(GroupedConvolution c) {
    int[] k = c.getKernelSize();
    return new long[] {c.getNOut(), c.getNIn() / c.getGroups(), k[0], k[1]};
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer l) {
    GroupedConvolution c = conf(l);
    long[] w = weightShape(c);
    return w[0] * w[1] * w[2] * w[3] + (c.hasBias() ? c.getNOut() : 0);
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    GroupedConvolution c = conf(conf.getLayer());
    Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
    long nOut = c.getNOut();
    INDArray flat = paramsView.reshape(paramsView.length());
    long weightsFrom = 0;
    if (c.hasBias()) {
      INDArray bias = flat.get(NDArrayIndex.interval(0, nOut));
      if (initializeParams) {
        bias.assign(c.getBiasInit());
      }
      params.put(BIAS_KEY, bias);
      conf.addVariable(BIAS_KEY);
      weightsFrom = nOut;
    }
    INDArray weightView = flat.get(NDArrayIndex.interval(weightsFrom, flat.length()));
    long[] shape = weightShape(c);
    INDArray weights;
    if (initializeParams) {
      int[] stride = c.getStride();
      double fanIn = shape[1] * shape[2] * shape[3];
      double fanOut = (double) shape[0] / c.getGroups() * shape[2] * shape[3] / ((double) stride[0] * stride[1]);
      weights = c.getWeightInitFn().init(fanIn, fanOut, shape, 'c', weightView);
    } else {
      weights = WeightInitUtil.reshapeWeights(shape, weightView, 'c');
    }
    params.put(WEIGHT_KEY, weights);
    conf.addVariable(WEIGHT_KEY);
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
    GroupedConvolution c = conf(conf.getLayer());
    INDArray flat = gradientView.reshape(gradientView.length());
    Map<String, INDArray> out = new LinkedHashMap<>();
    long weightsFrom = 0;
    if (c.hasBias()) {
      out.put(BIAS_KEY, flat.get(NDArrayIndex.interval(0, c.getNOut())));
      weightsFrom = c.getNOut();
    }
    out.put(WEIGHT_KEY, flat.get(NDArrayIndex.interval(weightsFrom, flat.length())).reshape('c', weightShape(c)));
    return out;
  }
}
