package dev.cnnspec.runtime.exec;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs libnd4j's own max/avg pooling kernels with its oneDNN platform kernels switched off for
 * just these calls. On this kind of CPU oneDNN's pooling is 3–5× slower than libnd4j's (forward
 * and backward, measured on LeNet-5 and Light CNN shapes) while oneDNN convolution is much faster
 * than libnd4j's, so the switch has to be per op: an {@link OpContext} with helpers disallowed.
 * Arguments are exactly those DL4J's {@code SubsamplingLayer} passes to the same ops.
 */
final class NativePooling {
  private NativePooling() {}

  /** @return null for pooling types other than max and avg (the caller keeps DL4J's own path) */
  static String forwardOp(PoolingType type) {
    return switch (type) {
      case MAX -> "maxpool2d";
      case AVG -> "avgpool2d";
      default -> null;
    };
  }

  static String backwardOp(PoolingType type) {
    return switch (type) {
      case MAX -> "maxpool2d_bp";
      case AVG -> "avgpool2d_bp";
      default -> null;
    };
  }

  static int[] arguments(int[] kernel, int[] strides, int[] pad, int[] dilation, ConvolutionMode mode,
      int extra, CNN2DFormat format) {
    return new int[] {kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
        mode == ConvolutionMode.Same ? 1 : 0, extra, format == CNN2DFormat.NCHW ? 0 : 1};
  }

  /** The output shape libnd4j computes for these arguments. */
  static long[] outputShape(String op, INDArray input, int[] args) {
    DynamicCustomOp shapeOnly = DynamicCustomOp.builder(op).addInputs(input).addIntegerArguments(args).build();
    return shapeOnly.calculateOutputShape().get(0).getShape();
  }

  static void exec(String op, int[] args, INDArray[] inputs, INDArray output) {
    try (OpContext context = Nd4j.getExecutioner().buildContext()) {
      context.allowHelpers(false);
      context.setIArguments(java.util.Arrays.stream(args).asLongStream().toArray());
      context.setInputArrays(inputs);
      context.setOutputArray(0, output);
      Nd4j.exec(DynamicCustomOp.builder(op).build(), context);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the op context of " + op, e);
    }
  }
}
