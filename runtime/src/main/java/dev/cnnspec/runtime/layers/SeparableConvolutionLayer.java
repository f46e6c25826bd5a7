package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.SeparableConvolution2DLayer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SeparableConvolution}'s computation: DL4J's, except on one input channel, where
 * {@code sconv2d} and {@code sconv2d_bp} run on the input widened by a zero channel, with zero
 * depthwise weights for it and zero pointwise weights for its {@code m} depthwise outputs
 * ({@link OneChannel}). DL4J's weights are {@code W [m, in, kH, kW]} and {@code pW [out, in·m, 1, 1]},
 * libnd4j's the permutation {@code (2, 3, 1, 0)} of each, as in DL4J's own layer.
 */
public class SeparableConvolutionLayer extends SeparableConvolution2DLayer {
  private static final String W = SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY;
  private static final String PW = SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY;
  private static final String B = SeparableConvolutionParamInitializer.BIAS_KEY;

  public SeparableConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
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
    INDArray pointWise = getParamWithNoise(PW, training, workspaceMgr);
    OneChannel.Geometry g = OneChannel.geometry(layerConf(), convolutionMode, input);
    INDArray output = workspaceMgr.create(ArrayType.ACTIVATIONS, pointWise.dataType(),
        new long[] {input.size(0), pointWise.size(0), g.height(), g.width()}, 'c');
    OneChannel.exec("sconv2d", inputs(input, training, workspaceMgr), g.args(), output);
    return new Pair<>(output, null);
  }

  /** Input, depthwise and pointwise weights widened to two input channels (libnd4j's layout), and the bias. */
  private INDArray[] inputs(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray depthWise = getParamWithNoise(W, training, workspaceMgr);
    INDArray pointWise = getParamWithNoise(PW, training, workspaceMgr);
    INDArray x = OneChannel.widen(input, 1, 2);
    INDArray w = OneChannel.widen(depthWise, 1, 2).permute(2, 3, 1, 0);
    INDArray pw = OneChannel.widen(pointWise, 1, 2 * depthWise.size(0)).permute(2, 3, 1, 0);
    return layerConf().hasBias() ? new INDArray[] {x, w, pw, getParamWithNoise(B, training, workspaceMgr)}
        : new INDArray[] {x, w, pw};
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!OneChannel.applies(layerConf())) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray input = this.input.castTo(dataType);
    INDArray depthWise = getParamWithNoise(W, true, workspaceMgr);
    INDArray pointWise = getParamWithNoise(PW, true, workspaceMgr);
    long multiplier = depthWise.size(0);
    OneChannel.Geometry g = OneChannel.geometry(layerConf(), convolutionMode, input);
    INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();

    INDArray[] in = inputs(input, true, workspaceMgr);
    // sconv2d_bp's inputs: input, gradient of the output, weights, pointwise weights[, bias]
    INDArray[] opInputs = in.length == 4 ? new INDArray[] {in[0], delta, in[1], in[2], in[3]}
        : new INDArray[] {in[0], delta, in[1], in[2]};
    INDArray gradInput = Nd4j.create(depthWise.dataType(), input.size(0), 2, input.size(2), input.size(3));
    INDArray gradDepth = Nd4j.create(depthWise.dataType(), multiplier, 2, depthWise.size(2), depthWise.size(3));
    INDArray gradPoint = Nd4j.create(pointWise.dataType(), pointWise.size(0), 2 * multiplier, 1, 1);
    INDArray biasView = layerConf().hasBias() ? gradientViews.get(B) : null;
    INDArray[] outputs = {gradInput, gradDepth.permute(2, 3, 1, 0), gradPoint.permute(2, 3, 1, 0)};
    if (biasView != null) {
      outputs = new INDArray[] {outputs[0], outputs[1], outputs[2], biasView};
    }
    OneChannel.exec("sconv2d_bp", opInputs, g.args(), outputs);

    Gradient gradient = new DefaultGradient();
    if (biasView != null) {
      gradient.setGradientFor(B, biasView);
    }
    INDArray depthView = gradientViews.get(W);
    depthView.assign(OneChannel.narrow(gradDepth, 1, 1));
    gradient.setGradientFor(W, depthView, 'c');
    INDArray pointView = gradientViews.get(PW);
    pointView.assign(OneChannel.narrow(gradPoint, 1, multiplier));
    gradient.setGradientFor(PW, pointView, 'c');
    INDArray outEpsilon = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, depthWise.dataType(), input.shape(), 'c');
    outEpsilon.assign(OneChannel.narrow(gradInput, 1, 1));
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(outEpsilon));
  }
}
