package dev.cnnspec.runtime.exec;

import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;

/**
 * The windows of one 2-D max pooling over an NCHW input, as libnd4j's {@code maxpool2d} and
 * {@code maxpool2d_bp} lay them out for DL4J's arguments: output size, and the padding above/left
 * (in {@code Same} mode libnd4j's {@code calcPadding2D}, the odd pixel going below/right). Windows
 * are clipped to the input: a padded cell never wins. {@link #of} is the one place deciding which
 * configurations {@link MaxPoolKernel} takes; everything else stays on libnd4j's op.
 *
 * @param planes examples × channels
 * @param pad rows above ({@code padH}) and columns left ({@code padW}) of the first window
 */
record PoolWindows(int planes, int inH, int inW, int outH, int outW, int kH, int kW, int sH, int sW, int padH,
    int padW) {

  /** Positions within a window are kept as one unsigned byte each. */
  static final int MAX_WINDOW = 256;

  /**
   * The windows for an input of {@code shape} [n, c, h, w], or empty where the kernel does not
   * apply: dilation, NHWC, a window over 256 cells, modes other than {@code Same} and {@code Truncate}
   * (the two the DL4J back ends generate), a negative {@code Same} padding (DL4J refuses it in backprop; libnd4j keeps the
   * error), or no output. {@code Strict} stays with DL4J, whose layer checks that the windows fit.
   */
  static Optional<PoolWindows> of(long[] shape, int[] kernel, int[] stride, int[] pad, int[] dilation,
      ConvolutionMode mode, CNN2DFormat format) {
    if (shape.length != 4 || format != CNN2DFormat.NCHW || dilation[0] != 1 || dilation[1] != 1
        || kernel[0] < 1 || kernel[1] < 1 || stride[0] < 1 || stride[1] < 1
        || (long) kernel[0] * kernel[1] > MAX_WINDOW || shape[0] * shape[1] > Integer.MAX_VALUE
        || shape[2] * shape[3] > Integer.MAX_VALUE / 2) {
      return Optional.empty();
    }
    int h = (int) shape[2];
    int w = (int) shape[3];
    int outH;
    int outW;
    int padH;
    int padW;
    if (mode == ConvolutionMode.Same) {
      outH = (h + stride[0] - 1) / stride[0];
      outW = (w + stride[1] - 1) / stride[1];
      int totalH = (outH - 1) * stride[0] + kernel[0] - h;
      int totalW = (outW - 1) * stride[1] + kernel[1] - w;
      if (totalH < 0 || totalW < 0) {
        return Optional.empty();
      }
      padH = totalH / 2;
      padW = totalW / 2;
    } else if (mode == ConvolutionMode.Truncate) {
      padH = pad[0];
      padW = pad[1];
      if (padH < 0 || padW < 0 || padH >= kernel[0] || padW >= kernel[1]) {
        return Optional.empty(); // a window wholly in the padding: libnd4j's business
      }
      outH = (h + 2 * padH - kernel[0]) / stride[0] + 1;
      outW = (w + 2 * padW - kernel[1]) / stride[1] + 1;
      if (h + 2 * padH < kernel[0] || w + 2 * padW < kernel[1]) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    if (outH < 1 || outW < 1) {
      return Optional.empty();
    }
    return Optional.of(new PoolWindows((int) (shape[0] * shape[1]), h, w, outH, outW, kernel[0], kernel[1],
        stride[0], stride[1], padH, padW));
  }

  int inPlane() {
    return inH * inW;
  }

  int outPlane() {
    return outH * outW;
  }

  /**
   * True when the windows cover every input cell exactly once (stride = window, no padding, no
   * leftover rows or columns): the backward pass then writes each window whole and needs no zeros.
   */
  boolean tiles() {
    return kH == sH && kW == sW && padH == 0 && padW == 0 && outH * sH == inH && outW * sW == inW;
  }
}
