package dev.cnnspec.runtime.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The one-input-channel path of {@link DepthwiseConvolutionLayer} and
 * {@link SeparableConvolutionLayer}: run libnd4j's op on a second, all-zero channel (with zero
 * weights for it) and keep the first channel's part of every result.
 *
 * <p>Why: libnd4j 1.0.0-M2.1 has two bugs on one input channel that its two-channel code does not
 * have. {@code sconv2d} treats one input channel as a plain {@code conv2d} with the depthwise
 * weights and drops the pointwise step, so the output has {@code multiplier} channels, not
 * {@code filters} ("NDArray::reshapei: bad input shape!", or silently wrong when they are equal).
 * {@code depthwise_conv2d}'s single batched product degenerates to two vectors when the kernel is
 * 1×1, and MmulHelper takes two vectors of equal length for a dot product: batch × height × width
 * equal to the multiplier fails ("MmulHelper::dot: Z array must be scalar"). With a zero second
 * channel the result is the same numbers, and every shape goes through the path DL4J exercises.
 */
final class OneChannel {
  private OneChannel() {}

  /** libnd4j's integer arguments for a 2-d convolution op on NCHW input, and the output size. */
  record Geometry(int[] args, int height, int width) {}

  static Geometry geometry(ConvolutionLayer conf, ConvolutionMode mode, INDArray input) {
    int[] kernel = conf.getKernelSize();
    int[] strides = conf.getStride();
    int[] dilation = conf.getDilation();
    int[] pad;
    int[] out;
    // As DL4J's own layers compute them (Same: top-left padding from the output size).
    if (mode == ConvolutionMode.Same) {
      out = ConvolutionUtils.getOutputSize(input, kernel, strides, null, mode, dilation, CNN2DFormat.NCHW);
      pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {(int) input.size(2), (int) input.size(3)},
          kernel, strides, dilation);
    } else {
      pad = conf.getPadding();
      out = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, mode, dilation, CNN2DFormat.NCHW);
    }
    int[] args = {kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
        mode == ConvolutionMode.Same ? 1 : 0, 0};
    return new Geometry(args, out[0], out[1]);
  }

  /** Whether the layer takes the one-channel path: one input channel, NCHW (the only format the project builds). */
  static boolean applies(ConvolutionLayer conf) {
    return conf.getNIn() == 1 && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW;
  }

  /** {@code a} with zeros appended along {@code axis} up to {@code size}. */
  static INDArray widen(INDArray a, int axis, long size) {
    long[] shape = a.shape().clone();
    shape[axis] = size;
    INDArray wide = Nd4j.zeros(a.dataType(), shape);
    wide.get(first(a.rank(), axis, a.size(axis))).assign(a);
    return wide;
  }

  /** The first {@code size} entries of {@code a} along {@code axis} (a view). */
  static INDArray narrow(INDArray a, int axis, long size) {
    return a.get(first(a.rank(), axis, size));
  }

  private static INDArrayIndex[] first(int rank, int axis, long size) {
    INDArrayIndex[] index = new INDArrayIndex[rank];
    for (int i = 0; i < rank; i++) {
      index[i] = i == axis ? NDArrayIndex.interval(0, size) : NDArrayIndex.all();
    }
    return index;
  }

  static void exec(String op, INDArray[] inputs, int[] args, INDArray... outputs) {
    Nd4j.getExecutioner().exec(DynamicCustomOp.builder(op).addInputs(inputs).addIntegerArguments(args)
        .addOutputs(outputs).callInplace(false).build());
  }
}
