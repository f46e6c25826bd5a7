package dev.cnnspec.runtime.exec;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Max pooling over dense C-ordered NCHW float buffers, plane by plane: the forward pass writes each
 * window's maximum and, when asked, the position of that maximum within the window (one unsigned
 * byte per output); the backward pass routes each output gradient to the kept position in one pass.
 * libnd4j's {@code maxpool2d_bp} instead zeroes the whole input gradient and then searches every
 * window again (10–14× PyTorch's time in {@code bench/speed --phases}); PyTorch keeps the indices,
 * as here.
 *
 * <p>The winner is libnd4j's (so DL4J's plain path and the fast path agree bit for bit): the first
 * cell in window order (row by row) strictly greater than all before it, starting from
 * libnd4j's {@code -3.402823e38}, so NaNs never win and a window of −∞ gives that value
 * with its gradient at the first in-bounds cell. Overlapping windows add their gradients in output
 * order, as libnd4j does; cells no window covers get +0.
 *
 * <p>Each plane is copied into arrays and back (bulk copies; the loops run over Java arrays, which
 * the JIT compiles to plain loads and stores instead of buffer accessors).
 */
final class MaxPoolKernel {
  /** libnd4j's starting maximum, {@code -DataTypeUtils::max<float>()}: 3.402823e+38, a little under Float.MAX_VALUE. */
  private static final float LOWEST = (float) -3.402823e+38;

  /**
   * A float's bits as an int whose signed order is the floats' order, −0 first made +0 (which it
   * equals). A NaN with the sign bit set sorts below −∞, one with it clear above +∞.
   */
  private static int sortable(float v) {
    int bits = Float.floatToRawIntBits(v + 0f);
    return bits ^ ((bits >> 31) & 0x7FFFFFFF);
  }

  /** 1 when a ≠ b, else 0, without a branch. */
  private static int differs(int a, int b) {
    int d = a ^ b;
    return (d | -d) >>> 31;
  }

  private static final int LOWEST_SORTABLE = sortable(LOWEST);
  private static final int INFINITY_SORTABLE = sortable(Float.POSITIVE_INFINITY);

  private MaxPoolKernel() {}

  /** The maxima into {@code z}, each one's position within its window into {@code argmax}. */
  static void forward(PoolWindows p, FloatBuffer x, FloatBuffer z, ByteBuffer argmax) {
    int inPlane = p.inPlane();
    int outPlane = p.outPlane();
    HostKernels.forEach(p.planes(), inPlane, (from, to) -> {
      float[] in = new float[inPlane];
      float[] out = new float[outPlane];
      byte[] arg = new byte[outPlane];
      for (int plane = from; plane < to; plane++) {
        x.get(plane * inPlane, in, 0, inPlane);
        forwardPlane(p, in, out, arg);
        z.put(plane * outPlane, out, 0, outPlane);
        argmax.put(plane * outPlane, arg, 0, outPlane);
      }
    });
  }

  private static void forwardPlane(PoolWindows p, float[] in, float[] out, byte[] arg) {
    int inW = p.inW();
    int kH = p.kH();
    int kW = p.kW();
    boolean twoByTwo = kH == 2 && kW == 2;
    for (int oh = 0; oh < p.outH(); oh++) {
      int hs = oh * p.sH() - p.padH();
      boolean rowInside = hs >= 0 && hs + kH <= p.inH();
      int o = oh * p.outW();
      for (int ow = 0; ow < p.outW(); ow++, o++) {
        int ws = ow * p.sW() - p.padW();
        if (rowInside && ws >= 0 && ws + kW <= inW) {
          int i = hs * inW + ws;
          if (twoByTwo) {
            // Branch-free (random data makes "v > max" a coin toss for the branch predictor):
            // the maximum as monotonic ints (Math.max(int, int) is a conditional move), then the
            // first cell holding it.
            int s0 = sortable(in[i]);
            int s1 = sortable(in[i + 1]);
            int s2 = sortable(in[i + inW]);
            int s3 = sortable(in[i + inW + 1]);
            int max = Math.max(Math.max(s0, s1), Math.max(s2, s3));
            if (max <= LOWEST_SORTABLE || max > INFINITY_SORTABLE) {
              window(in, out, arg, o, inW, hs, ws, 0, 2, 0, 2, 2); // all ≤ libnd4j's start, or a NaN
            } else {
              int at = differs(s0, max) * (1 + differs(s1, max) * (1 + differs(s2, max)));
              out[o] = in[i + (at & 1) + (at >> 1) * inW];
              arg[o] = (byte) at;
            }
          } else {
            window(in, out, arg, o, inW, hs, ws, 0, kH, 0, kW, kW);
          }
        } else {
          window(in, out, arg, o, inW, hs, ws, Math.max(0, -hs), Math.min(kH, p.inH() - hs), Math.max(0, -ws),
              Math.min(kW, inW - ws), kW);
        }
      }
    }
  }

  /** One window starting at (hs, ws), rows r0..r1-1 and columns c0..c1-1 of it in bounds. */
  private static void window(float[] in, float[] out, byte[] arg, int o, int inW, int hs, int ws, int r0, int r1,
      int c0, int c1, int kW) {
    float max = LOWEST;
    int at = r0 * kW + c0;
    for (int r = r0; r < r1; r++) {
      int row = (hs + r) * inW + ws;
      for (int c = c0; c < c1; c++) {
        float v = in[row + c];
        if (v > max) {
          max = v;
          at = r * kW + c;
        }
      }
    }
    out[o] = max;
    arg[o] = (byte) at;
  }

  /** Input gradient from the output gradient {@code e} and the positions the forward pass kept. */
  static void backward(PoolWindows p, FloatBuffer e, ByteBuffer argmax, FloatBuffer g) {
    int inPlane = p.inPlane();
    int outPlane = p.outPlane();
    HostKernels.forEach(p.planes(), inPlane, (from, to) -> {
      float[] eps = new float[outPlane];
      byte[] arg = new byte[outPlane];
      float[] grad = new float[inPlane];
      for (int plane = from; plane < to; plane++) {
        e.get(plane * outPlane, eps, 0, outPlane);
        argmax.get(plane * outPlane, arg, 0, outPlane);
        if (p.tiles() && p.kH() == 2 && p.kW() == 2) {
          tiles2x2(p, eps, arg, grad);
        } else if (p.tiles()) {
          tiles(p, eps, arg, grad);
        } else {
          scatter(p, eps, arg, grad);
        }
        g.put(plane * inPlane, grad, 0, inPlane);
      }
    });
  }

  /**
   * Windows of 2×2 tiling the plane: each writes its four cells, the gradient where the maximum was
   * and +0 elsewhere, with masks instead of branches. {@code + 0f} turns a −0 gradient into the +0
   * libnd4j's zeroed-then-added cell holds.
   */
  private static void tiles2x2(PoolWindows p, float[] eps, byte[] arg, float[] grad) {
    int inW = p.inW();
    int outW = p.outW();
    for (int oh = 0; oh < p.outH(); oh++) {
      int top = 2 * oh * inW;
      int bottom = top + inW;
      int o = oh * outW;
      for (int ow = 0; ow < outW; ow++) {
        int bits = Float.floatToRawIntBits(eps[o + ow] + 0f);
        int at = arg[o + ow];
        int c = 2 * ow;
        grad[top + c] = Float.intBitsToFloat(bits & ((at - 1) >> 31));
        grad[top + c + 1] = Float.intBitsToFloat(bits & (((at ^ 1) - 1) >> 31));
        grad[bottom + c] = Float.intBitsToFloat(bits & (((at ^ 2) - 1) >> 31));
        grad[bottom + c + 1] = Float.intBitsToFloat(bits & (((at ^ 3) - 1) >> 31));
      }
    }
  }

  /** Any other tiling window: each writes its kH·kW cells. */
  private static void tiles(PoolWindows p, float[] eps, byte[] arg, float[] grad) {
    int inW = p.inW();
    int kH = p.kH();
    int kW = p.kW();
    for (int oh = 0; oh < p.outH(); oh++) {
      for (int ow = 0; ow < p.outW(); ow++) {
        int o = oh * p.outW() + ow;
        float value = eps[o] + 0f;
        int at = arg[o] & 0xFF;
        int start = oh * kH * inW + ow * kW;
        for (int r = 0, cell = 0; r < kH; r++) {
          int row = start + r * inW;
          for (int c = 0; c < kW; c++, cell++) {
            grad[row + c] = cell == at ? value : 0f;
          }
        }
      }
    }
  }

  /** Overlapping, gapped, padded or truncated windows: zeros, then each gradient added at its cell. */
  private static void scatter(PoolWindows p, float[] eps, byte[] arg, float[] grad) {
    Arrays.fill(grad, 0f);
    int inW = p.inW();
    int kW = p.kW();
    for (int oh = 0; oh < p.outH(); oh++) {
      int hs = oh * p.sH() - p.padH();
      for (int ow = 0; ow < p.outW(); ow++) {
        int o = oh * p.outW() + ow;
        int at = arg[o] & 0xFF;
        int ws = ow * p.sW() - p.padW();
        grad[(hs + at / kW) * inW + ws + at % kW] += eps[o];
      }
    }
  }
}
