package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DepthwiseConvolution}'s computation: DL4J's, except on one input channel, where
 * {@code depthwise_conv2d} and its backward op run on the input widened by a zero channel (weights
 * {@code [kH, kW, 2, m]} with zeros for it) and the first channel's results are kept
 * ({@link OneChannel}). DL4J's weights are {@code [kH, kW, in, m]}, output channel {@code c·m + j}.
 */
public class DepthwiseConvolutionLayer extends DepthwiseConvolution2DLayer {
  private static final String W = DepthwiseConvolutionParamInitializer.WEIGHT_KEY;
  private static final String B = DepthwiseConvolutionParamInitializer.BIAS_KEY;

  public DepthwiseConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    if (!OneChannel.applies(layerConf())) {
      return super.preOutput(training, forBackprop, workspaceMgr);
    }
    assertInputSet(false);
    validateInputRank();
    validateInputDepth(1);
    INDArray input = this.input.castTo(dataType);
    INDArray weights = getParamWithNoise(W, training, workspaceMgr);
    long multiplier = weights.size(3);
    OneChannel.Geometry g = OneChannel.geometry(layerConf(), convolutionMode, input);
    long batch = input.size(0);
    INDArray wide = Nd4j.create(weights.dataType(), batch, 2 * multiplier, g.height(), g.width());
    OneChannel.exec("depthwise_conv2d", inputs(input, weights, training, workspaceMgr), g.args(), wide);
    INDArray output = workspaceMgr.create(ArrayType.ACTIVATIONS, weights.dataType(),
        new long[] {batch, multiplier, g.height(), g.width()}, 'c');
    output.assign(OneChannel.narrow(wide, 1, multiplier));
    return new Pair<>(output, null);
  }

  /** Input, weights and bias, each widened to two input channels. */
  private INDArray[] inputs(INDArray input, INDArray weights, boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray x = OneChannel.widen(input, 1, 2);
    INDArray w = OneChannel.widen(weights, 2, 2);
    if (!layerConf().hasBias()) {
      return new INDArray[] {x, w};
    }
    INDArray bias = getParamWithNoise(B, training, workspaceMgr);
    return new INDArray[] {x, w, OneChannel.widen(bias, bias.rank() - 1, 2 * weights.size(3))};
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!OneChannel.applies(layerConf())) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray input = this.input.castTo(dataType);
    INDArray weights = getParamWithNoise(W, true, workspaceMgr);
    long multiplier = weights.size(3);
    OneChannel.Geometry g = OneChannel.geometry(layerConf(), convolutionMode, input);
    INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();

    INDArray[] in = inputs(input, weights, true, workspaceMgr);
    INDArray[] opInputs = java.util.Arrays.copyOf(in, in.length + 1);
    opInputs[in.length] = OneChannel.widen(delta, 1, 2 * multiplier);
    INDArray gradInput = Nd4j.create(weights.dataType(), input.size(0), 2, input.size(2), input.size(3));
    INDArray gradWeights = Nd4j.create(weights.dataType(), weights.size(0), weights.size(1), 2, multiplier);
    INDArray gradBias = layerConf().hasBias() ? Nd4j.create(in[2].dataType(), in[2].shape()) : null;
    OneChannel.exec("depthwise_conv2d_bp", opInputs, g.args(),
        gradBias == null ? new INDArray[] {gradInput, gradWeights} : new INDArray[] {gradInput, gradWeights, gradBias});

    Gradient gradient = new DefaultGradient();
    if (gradBias != null) {
      INDArray view = gradientViews.get(B);
      view.assign(OneChannel.narrow(gradBias, gradBias.rank() - 1, multiplier));
      gradient.setGradientFor(B, view);
    }
    INDArray weightView = gradientViews.get(W);
    weightView.assign(OneChannel.narrow(gradWeights, 2, 1));
    gradient.setGradientFor(W, weightView, 'c');
    INDArray outEpsilon = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, weights.dataType(), input.shape(), 'c');
    outEpsilon.assign(OneChannel.narrow(gradInput, 1, 1));
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(outEpsilon));
  }
}
