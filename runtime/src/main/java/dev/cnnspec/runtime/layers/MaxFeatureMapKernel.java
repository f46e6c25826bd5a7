package dev.cnnspec.runtime.layers;

import dev.cnnspec.runtime.exec.HostKernels;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MFM forward and backward as one pass each over host memory, for dense C-ordered float or double
 * arrays on the CPU backend ({@link HostKernels#applies}). Seen per example, an NCHW (or
 * [N, units]) activation is two contiguous halves of {@code m} values each, so the kernel is a
 * plain loop over pairs. libnd4j has no op for this: its pairwise {@code maximum} over the two
 * strided channel views, and the compare/cast/multiply/assign backward, measured 4× and 9× slower
 * than these loops on Light CNN's first layer (256×128×28×28), and its {@code mergemax_bp}, which
 * would route ties correctly, slower still. Callers keep the ND4J ops for every other array.
 */
final class MaxFeatureMapKernel {
  /** Values per copied block: two float blocks stay within a 32 KB L1 cache. */
  private static final int BLOCK = 2048;

  private MaxFeatureMapKernel() {}

  /**
   * {@code out[n, k] = max(in[n, k], in[n, m + k])} for each example n, m = out's size per example.
   * Blocks are copied into arrays so that the JIT vectorises {@code Math.max} (4.6× the same loop
   * reading the buffers element by element, on Light CNN's first layer). {@code Math.max} lets a
   * NaN through rather than hiding it, and gives +0 for a -0/+0 tie; values are otherwise those of
   * a strictly-greater comparison.
   */
  static void forward(INDArray input, INDArray out) {
    int n = (int) input.size(0);
    int m = (int) (out.length() / n);
    if (input.dataType() == DataType.FLOAT) {
      FloatBuffer x = input.data().asNioFloat();
      FloatBuffer z = out.data().asNioFloat();
      HostKernels.forEach(n, 2L * m, (from, to) -> {
        float[] first = new float[BLOCK];
        float[] second = new float[BLOCK];
        for (int i = from; i < to; i++) {
          int a = i * 2 * m;
          int b = a + m;
          int o = i * m;
          for (int k0 = 0; k0 < m; k0 += BLOCK) {
            int length = Math.min(BLOCK, m - k0);
            x.get(a + k0, first, 0, length);
            x.get(b + k0, second, 0, length);
            for (int k = 0; k < length; k++) {
              first[k] = Math.max(first[k], second[k]);
            }
            z.put(o + k0, first, 0, length);
          }
        }
      });
    } else {
      DoubleBuffer x = input.data().asNioDouble();
      DoubleBuffer z = out.data().asNioDouble();
      HostKernels.forEach(n, 2L * m, (from, to) -> {
        double[] first = new double[BLOCK];
        double[] second = new double[BLOCK];
        for (int i = from; i < to; i++) {
          int a = i * 2 * m;
          int b = a + m;
          int o = i * m;
          for (int k0 = 0; k0 < m; k0 += BLOCK) {
            int length = Math.min(BLOCK, m - k0);
            x.get(a + k0, first, 0, length);
            x.get(b + k0, second, 0, length);
            for (int k = 0; k < length; k++) {
              first[k] = Math.max(first[k], second[k]);
            }
            z.put(o + k0, first, 0, length);
          }
        }
      });
    }
  }

  /**
   * Each output gradient goes whole to the half that held the maximum and zero to the other; on a
   * tie (strictly-greater test) the first half wins. Writes every element of {@code grad}.
   */
  static void backward(INDArray input, INDArray epsilon, INDArray grad) {
    int n = (int) input.size(0);
    int m = (int) (epsilon.length() / n);
    if (input.dataType() == DataType.FLOAT) {
      FloatBuffer x = input.data().asNioFloat();
      FloatBuffer e = epsilon.data().asNioFloat();
      FloatBuffer g = grad.data().asNioFloat();
      HostKernels.forEach(n, 2L * m, (from, to) -> {
        for (int i = from; i < to; i++) {
          int a = i * 2 * m;
          int b = a + m;
          int o = i * m;
          for (int k = 0; k < m; k++) {
            float value = e.get(o + k);
            boolean secondWins = x.get(b + k) > x.get(a + k);
            g.put(a + k, secondWins ? 0f : value);
            g.put(b + k, secondWins ? value : 0f);
          }
        }
      });
    } else {
      DoubleBuffer x = input.data().asNioDouble();
      DoubleBuffer e = epsilon.data().asNioDouble();
      DoubleBuffer g = grad.data().asNioDouble();
      HostKernels.forEach(n, 2L * m, (from, to) -> {
        for (int i = from; i < to; i++) {
          int a = i * 2 * m;
          int b = a + m;
          int o = i * m;
          for (int k = 0; k < m; k++) {
            double value = e.get(o + k);
            boolean secondWins = x.get(b + k) > x.get(a + k);
            g.put(a + k, secondWins ? 0d : value);
            g.put(b + k, secondWins ? value : 0d);
          }
        }
      });
    }
  }
}
