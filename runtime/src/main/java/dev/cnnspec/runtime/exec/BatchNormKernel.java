package dev.cnnspec.runtime.exec;

import java.nio.FloatBuffer;

/**
 * Batch normalisation of a dense C-ordered NCHW float array as loops over host memory, channel by
 * channel: per channel two passes forward (mean and variance, then the affine map) and two backward
 * (the two sums, then the input gradient). DL4J's oneDNN helper takes, per layer and step, a
 * {@code reduce_mean} and a {@code variance} over dimensions (0, 2, 3) — libnd4j's generic reduction
 * along strided dimensions — plus oneDNN's {@code batchnorm} and {@code batchnorm_bp}; in ResNet-20
 * at batch 256 those were 38 % of a training step ({@code bench/speed --phases}).
 *
 * <p>Sums are accumulated in double from a per-channel shift (the channel's first value), so the
 * single-pass variance does not cancel when the mean is large against the spread. The variance is
 * the biased one, as DL4J's helper and its own implementation use.
 */
final class BatchNormKernel {
  /** Values per block copied into an array (the JIT vectorises loops over arrays, not buffers). */
  private static final int BLOCK = 4096;

  private BatchNormKernel() {}

  /**
   * Training forward: batch mean and biased variance per channel into {@code mean} / {@code var},
   * and {@code out = gamma·(x − mean)/√(var + eps) + beta}.
   */
  static void forwardTraining(FloatBuffer x, FloatBuffer out, int n, int c, int plane, float[] gamma, float[] beta,
      double eps, float[] mean, float[] var) {
    HostKernels.forEach(c, (long) n * plane, (from, to) -> {
      float[] buf = new float[Math.min(BLOCK, plane)];
      for (int ch = from; ch < to; ch++) {
        double shift = x.get(ch * plane);
        double s = 0;
        double ss = 0;
        for (int i = 0; i < n; i++) {
          int base = (i * c + ch) * plane;
          for (int k0 = 0; k0 < plane; k0 += buf.length) {
            int len = Math.min(buf.length, plane - k0);
            x.get(base + k0, buf, 0, len);
            float fshift = (float) shift;
            // Four independent sums: one float sum is a chain of dependent adds the JIT cannot reorder.
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float q0 = 0;
            float q1 = 0;
            float q2 = 0;
            float q3 = 0;
            int k = 0;
            for (; k + 3 < len; k += 4) {
              float d0 = buf[k] - fshift;
              float d1 = buf[k + 1] - fshift;
              float d2 = buf[k + 2] - fshift;
              float d3 = buf[k + 3] - fshift;
              s0 += d0;
              s1 += d1;
              s2 += d2;
              s3 += d3;
              q0 += d0 * d0;
              q1 += d1 * d1;
              q2 += d2 * d2;
              q3 += d3 * d3;
            }
            for (; k < len; k++) {
              float d = buf[k] - fshift;
              s0 += d;
              q0 += d * d;
            }
            s += (s0 + s1) + (s2 + s3);
            ss += (q0 + q1) + (q2 + q3);
          }
        }
        double count = (double) n * plane;
        double m = s / count;
        mean[ch] = (float) (shift + m);
        var[ch] = (float) Math.max(ss / count - m * m, 0);
        affine(x, out, n, c, plane, ch, mean[ch], var[ch], gamma, beta, eps, buf);
      }
    });
  }

  /** Inference forward with given statistics: {@code out = gamma·(x − mean)/√(var + eps) + beta}. */
  static void forwardInference(FloatBuffer x, FloatBuffer out, int n, int c, int plane, float[] gamma, float[] beta,
      double eps, float[] mean, float[] var) {
    HostKernels.forEach(c, (long) n * plane, (from, to) -> {
      float[] buf = new float[Math.min(BLOCK, plane)];
      for (int ch = from; ch < to; ch++) {
        affine(x, out, n, c, plane, ch, mean[ch], var[ch], gamma, beta, eps, buf);
      }
    });
  }

  private static void affine(FloatBuffer x, FloatBuffer out, int n, int c, int plane, int ch, float mean, float var,
      float[] gamma, float[] beta, double eps, float[] buf) {
    double invStd = 1 / Math.sqrt(var + eps);
    float scale = (float) (gamma(gamma, ch) * invStd);
    float offset = (float) (beta(beta, ch) - mean * gamma(gamma, ch) * invStd);
    for (int i = 0; i < n; i++) {
      int base = (i * c + ch) * plane;
      for (int k0 = 0; k0 < plane; k0 += buf.length) {
        int len = Math.min(buf.length, plane - k0);
        x.get(base + k0, buf, 0, len);
        for (int k = 0; k < len; k++) {
          buf[k] = buf[k] * scale + offset;
        }
        out.put(base + k0, buf, 0, len);
      }
    }
  }

  /**
   * Backward of the training forward with the batch's {@code mean} / {@code var}: per channel
   * {@code dBeta = Σ dy}, {@code dGamma = Σ dy·x̂}, and
   * {@code dx = gamma/√(var + eps) · (dy − dBeta/M − x̂·dGamma/M)}, M = n·plane.
   */
  static void backward(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, int n, int c, int plane, float[] gamma,
      double eps, float[] mean, float[] var, float[] dGamma, float[] dBeta) {
    HostKernels.forEach(c, 2L * n * plane, (from, to) -> {
      int block = Math.min(BLOCK, plane);
      float[] xb = new float[block];
      float[] gb = new float[block];
      for (int ch = from; ch < to; ch++) {
        float mu = mean[ch];
        double invStd = 1 / Math.sqrt(var[ch] + eps);
        double sumDy = 0;
        double sumDyXmu = 0;
        for (int i = 0; i < n; i++) {
          int base = (i * c + ch) * plane;
          for (int k0 = 0; k0 < plane; k0 += block) {
            int len = Math.min(block, plane - k0);
            x.get(base + k0, xb, 0, len);
            dy.get(base + k0, gb, 0, len);
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float x0 = 0;
            float x1 = 0;
            float x2 = 0;
            float x3 = 0;
            int k = 0;
            for (; k + 3 < len; k += 4) {
              s0 += gb[k];
              s1 += gb[k + 1];
              s2 += gb[k + 2];
              s3 += gb[k + 3];
              x0 += gb[k] * (xb[k] - mu);
              x1 += gb[k + 1] * (xb[k + 1] - mu);
              x2 += gb[k + 2] * (xb[k + 2] - mu);
              x3 += gb[k + 3] * (xb[k + 3] - mu);
            }
            for (; k < len; k++) {
              s0 += gb[k];
              x0 += gb[k] * (xb[k] - mu);
            }
            sumDy += (s0 + s1) + (s2 + s3);
            sumDyXmu += (x0 + x1) + (x2 + x3);
          }
        }
        double count = (double) n * plane;
        dBeta[ch] = (float) sumDy;
        dGamma[ch] = (float) (sumDyXmu * invStd);
        double g = gamma(gamma, ch) * invStd;
        // dx = g·dy − g·sumDy/M − g·invStd²·sumDyXmu/M · (x − mu)
        float a = (float) g;
        float b = (float) (g * sumDy / count);
        float k1 = (float) (g * invStd * invStd * sumDyXmu / count);
        for (int i = 0; i < n; i++) {
          int base = (i * c + ch) * plane;
          for (int k0 = 0; k0 < plane; k0 += block) {
            int len = Math.min(block, plane - k0);
            x.get(base + k0, xb, 0, len);
            dy.get(base + k0, gb, 0, len);
            for (int k = 0; k < len; k++) {
              gb[k] = a * gb[k] - b - k1 * (xb[k] - mu);
            }
            dx.put(base + k0, gb, 0, len);
          }
        }
      }
    });
  }

  private static float gamma(float[] gamma, int ch) {
    return gamma == null ? 1f : gamma[ch];
  }

  private static float beta(float[] beta, int ch) {
    return beta == null ? 0f : beta[ch];
  }
}
