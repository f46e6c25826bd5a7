package dev.cnnspec.runtime.exec;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolution helper of a layer that reads a network input directly: its backward pass computes
 * the weight and bias gradients only, because the gradient with respect to the network's input is
 * used by nothing (DL4J's {@code ComputationGraph} stores it on the input vertex and never returns
 * it; PyTorch skips it the same way for inputs without {@code requires_grad}). libnd4j's
 * {@code conv2d_bp} always computes it, and for LeNet-5's first layer (1 channel in, 32×32) it
 * is most of that call.
 *
 * <p>The weight gradient {@code dW[o, c] = Σ_n x[n, c] ⋆ dy[n, o]} is itself a convolution, run
 * forward through the same oneDNN kernels: the input with batch and channels swapped
 * ({@code [C, N, H, W]}) convolved with the output gradient as the kernel ({@code [O, N, oH, oW]}),
 * giving {@code [C, O, kH, kW]}. That holds for stride 1 and dilation 1 with symmetric padding;
 * everything else, and the forward pass, goes to the helper the layer had.
 */
final class InputConvHelper implements ConvolutionHelper {
  private final ConvolutionHelper fallback;

  InputConvHelper(ConvolutionHelper fallback) {
    this.fallback = fallback;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
      int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn,
      AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
      int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
    int[] padding = symmetricPadding(kernel, strides, pad, dilation, convolutionMode);
    if (padding == null || format != CNN2DFormat.NCHW || input.rank() != 4 || input.dataType() != DataType.FLOAT
        || delta.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT) {
      return fallback == null ? null
          : fallback.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView,
              afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
    }
    long c = input.size(1);
    long o = delta.size(1);
    INDArray swappedInput = c == 1 ? input.reshape('c', 1, input.size(0), input.size(2), input.size(3))
        : input.permute(1, 0, 2, 3).dup('c');
    INDArray deltaAsKernel = delta.permute(1, 0, 2, 3).dup('c');
    INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, c, o, kernel[0], kernel[1]);
    Nd4j.exec(DynamicCustomOp.builder("conv2d")
        .addInputs(swappedInput, deltaAsKernel)
        .addOutputs(dw)
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW, weights as OIHW
        .addIntegerArguments((int) delta.size(2), (int) delta.size(3), 1, 1, padding[0], padding[1], 1, 1, 0, 0, 1)
        .build());
    weightGradView.assign(dw.permute(1, 0, 2, 3));
    Gradient gradient = new DefaultGradient();
    Map<String, INDArray> byName = gradient.gradientForVariable();
    if (bias != null) {
      biasGradView.assign(delta.sum(0, 2, 3).reshape(biasGradView.shape()));
      byName.put("b", biasGradView);
    }
    byName.put("W", weightGradView);
    return new Pair<>(gradient, null);
  }

  /** Padding {pH, pW} when the weight gradient is the forward convolution above, else null. */
  private static int[] symmetricPadding(int[] kernel, int[] strides, int[] pad, int[] dilation, ConvolutionMode mode) {
    if (strides[0] != 1 || strides[1] != 1 || dilation[0] != 1 || dilation[1] != 1) {
      return null;
    }
    if (mode == ConvolutionMode.Same) {
      // Stride 1: total padding k − 1 per axis, split evenly only for odd kernels.
      return kernel[0] % 2 == 1 && kernel[1] % 2 == 1 ? new int[] {kernel[0] / 2, kernel[1] / 2} : null;
    }
    if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
      return new int[] {pad[0], pad[1]};
    }
    return null;
  }

  @Override
  public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
      AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    return fallback == null ? null
        : fallback.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
            format, workspaceMgr);
  }

  @Override
  public INDArray activate(INDArray z, IActivation afn, boolean training) {
    return fallback == null ? null : fallback.activate(z, afn, training);
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return fallback == null ? Map.of() : fallback.helperMemoryUse();
  }

  @Override
  public boolean checkSupported() {
    return true;
  }
}
