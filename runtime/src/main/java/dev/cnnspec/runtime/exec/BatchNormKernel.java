package dev.cnnspec.runtime.exec;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Batch normalisation of a dense C-ordered NCHW float array as loops over host memory, channel by
 * channel: per channel two passes forward (mean and variance, then the affine map) and two backward
 * (the two sums, then the input gradient). DL4J's oneDNN helper takes, per layer and step, a
 * {@code reduce_mean} and a {@code variance} over dimensions (0, 2, 3) — libnd4j's generic reduction
 * along strided dimensions — plus oneDNN's {@code batchnorm} and {@code batchnorm_bp}; in ResNet-20
 * at batch 256 those were 38 % of a training step ({@code bench/speed --phases}).
 *
 * <p>Sums are taken from a per-channel shift (the channel's first value), so the single-pass
 * variance does not cancel when the mean is large against the spread; they run per position across
 * up to {@link #FLUSH} images in float (element-wise adds, which the JIT vectorises: the forward
 * pass took 0.6× the CPU time of the earlier four-way sums along each block, {@code
 * BatchNormBenchmark}) and then into double totals. Both passes centre a value as {@code (x −
 * center) − delta} (see {@link Statistics}), never as {@code x·scale + offset}, which lost 0.008
 * of the output at mean 1000 and spread 0.01 ({@code BatchNormKernelTest}). The variance is the
 * biased one, as DL4J's helper and its own implementation use.
 */
final class BatchNormKernel {
  /** Values per block copied into an array (the JIT vectorises loops over arrays, not buffers). */
  private static final int BLOCK = 4096;
  /** Images whose values a float column sum takes before it is added to the double total. */
  private static final int FLUSH = 32;

  private BatchNormKernel() {}

  /**
   * A training batch's statistics per channel: the mean and biased variance DL4J folds into its
   * running statistics, and the mean again as {@code center + delta} (a float near the values and
   * the small rest), with which both passes centre the values without cancellation.
   */
  static final class Statistics {
    final float[] mean;
    final float[] var;
    final float[] center;
    final float[] delta;

    Statistics(int channels) {
      mean = new float[channels];
      var = new float[channels];
      center = new float[channels];
      delta = new float[channels];
    }
  }

  /**
   * Training forward: the batch's statistics per channel into {@code stats}, and {@code out =
   * gamma·(x − mean)/√(var + eps) + beta}.
   */
  static void forwardTraining(FloatBuffer x, FloatBuffer out, int n, int c, int plane, float[] gamma, float[] beta,
      double eps, Statistics stats) {
    HostKernels.forEach(c, (long) n * plane, (from, to) -> {
      int block = Math.min(BLOCK, plane);
      float[] buf = new float[block];
      float[] colS = new float[block];
      float[] colQ = new float[block];
      for (int ch = from; ch < to; ch++) {
        float shift = x.get(ch * plane);
        double s = 0;
        double ss = 0;
        for (int k0 = 0; k0 < plane; k0 += block) {
          int len = Math.min(block, plane - k0);
          for (int i0 = 0; i0 < n; i0 += FLUSH) {
            Arrays.fill(colS, 0, len, 0f);
            Arrays.fill(colQ, 0, len, 0f);
            for (int i = i0; i < Math.min(n, i0 + FLUSH); i++) {
              x.get((i * c + ch) * plane + k0, buf, 0, len);
              // Sums per position across images: element-wise adds, which the JIT vectorises
              // (a sum along the block is a chain of dependent adds it may not reorder).
              for (int k = 0; k < len; k++) {
                float d = buf[k] - shift;
                colS[k] += d;
                colQ[k] += d * d;
              }
            }
            s += sum(colS, len);
            ss += sum(colQ, len);
          }
        }
        double count = (double) n * plane;
        double m = s / count;
        stats.mean[ch] = (float) (shift + m);
        stats.var[ch] = (float) Math.max(ss / count - m * m, 0);
        stats.center[ch] = shift;
        stats.delta[ch] = (float) m;
        affine(x, out, n, c, plane, ch, shift, (float) m, stats.var[ch], gamma, beta, eps, buf);
      }
    });
  }

  /** Inference forward with given statistics: {@code out = gamma·(x − mean)/√(var + eps) + beta}. */
  static void forwardInference(FloatBuffer x, FloatBuffer out, int n, int c, int plane, float[] gamma, float[] beta,
      double eps, float[] mean, float[] var) {
    HostKernels.forEach(c, (long) n * plane, (from, to) -> {
      float[] buf = new float[Math.min(BLOCK, plane)];
      for (int ch = from; ch < to; ch++) {
        affine(x, out, n, c, plane, ch, mean[ch], 0f, var[ch], gamma, beta, eps, buf);
      }
    });
  }

  /**
   * {@code out = ((x − center) − delta)·gamma/√(var + eps) + beta}: the mean as a float near the
   * values ({@code center}) and the small rest ({@code delta}), so that the centring is exact where
   * the mean is large against the spread (x − center is exact for values within a factor 2 of it).
   */
  private static void affine(FloatBuffer x, FloatBuffer out, int n, int c, int plane, int ch, float center,
      float delta, float var, float[] gamma, float[] beta, double eps, float[] buf) {
    float scale = (float) (gamma(gamma, ch) / Math.sqrt(var + eps));
    float offset = beta(beta, ch);
    for (int i = 0; i < n; i++) {
      int base = (i * c + ch) * plane;
      for (int k0 = 0; k0 < plane; k0 += buf.length) {
        int len = Math.min(buf.length, plane - k0);
        x.get(base + k0, buf, 0, len);
        // Centre first: x·scale + (beta − mean·scale) cancels when the mean is large against the
        // spread (mean 1000, std 0.01: x·scale is 1e5, whose float ulp is 0.008 of the output).
        for (int k = 0; k < len; k++) {
          buf[k] = ((buf[k] - center) - delta) * scale + offset;
        }
        out.put(base + k0, buf, 0, len);
      }
    }
  }

  /**
   * Backward of the training forward with the batch's statistics: per channel
   * {@code dBeta = Σ dy}, {@code dGamma = Σ dy·x̂}, and
   * {@code dx = gamma/√(var + eps) · (dy − dBeta/M − x̂·dGamma/M)}, M = n·plane.
   */
  static void backward(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, int n, int c, int plane, float[] gamma,
      double eps, Statistics stats, float[] dGamma, float[] dBeta) {
    HostKernels.forEach(c, 2L * n * plane, (from, to) -> {
      int block = Math.min(BLOCK, plane);
      float[] xb = new float[block];
      float[] gb = new float[block];
      float[] colDy = new float[block];
      float[] colDyX = new float[block];
      for (int ch = from; ch < to; ch++) {
        float center = stats.center[ch];
        float delta = stats.delta[ch];
        double invStd = 1 / Math.sqrt(stats.var[ch] + eps);
        double sumDy = 0;
        double sumDyXmu = 0;
        for (int k0 = 0; k0 < plane; k0 += block) {
          int len = Math.min(block, plane - k0);
          for (int i0 = 0; i0 < n; i0 += FLUSH) {
            Arrays.fill(colDy, 0, len, 0f);
            Arrays.fill(colDyX, 0, len, 0f);
            for (int i = i0; i < Math.min(n, i0 + FLUSH); i++) {
              int base = (i * c + ch) * plane + k0;
              x.get(base, xb, 0, len);
              dy.get(base, gb, 0, len);
              for (int k = 0; k < len; k++) {
                colDy[k] += gb[k];
                colDyX[k] += gb[k] * ((xb[k] - center) - delta);
              }
            }
            sumDy += sum(colDy, len);
            sumDyXmu += sum(colDyX, len);
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
              gb[k] = a * gb[k] - b - k1 * ((xb[k] - center) - delta);
            }
            dx.put(base + k0, gb, 0, len);
          }
        }
      }
    });
  }

  /** The sum of {@code values[0..len)} in double. */
  private static double sum(float[] values, int len) {
    double total = 0;
    for (int k = 0; k < len; k++) {
      total += values[k];
    }
    return total;
  }

  private static float gamma(float[] gamma, int ch) {
    return gamma == null ? 1f : gamma[ch];
  }

  private static float beta(float[] beta, int ch) {
    return beta == null ? 0f : beta[ch];
  }
}
