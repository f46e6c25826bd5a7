package dev.cnnspec.runtime.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MFM forward and backward as one pass each over host memory, for the common case of dense
 * C-ordered float or double arrays on the CPU backend. Seen per example, an NCHW (or [N, units])
 * activation is two contiguous halves of {@code m} values each, so the kernel is a plain loop over
 * pairs. libnd4j has no op for this: its pairwise {@code maximum} over the two strided channel
 * views, and the compare/cast/multiply/assign backward, measured 4× and 9× slower than these
 * loops on Light CNN's first layer (256×128×28×28), and its {@code mergemax_bp}, which would route
 * ties correctly, slower still. Callers fall back to ND4J ops when {@link #applies} is false.
 */
final class MaxFeatureMapKernel {
  /** Below this many output values, splitting across threads costs more than it saves. */
  private static final long PARALLEL_THRESHOLD = 1 << 15;

  private MaxFeatureMapKernel() {}

  /** True when every array is a whole, dense, C-ordered float or double buffer in host memory. */
  static boolean applies(INDArray... arrays) {
    if (!Nd4j.getEnvironment().isCPU()) {
      return false;
    }
    DataType type = arrays[0].dataType();
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      return false;
    }
    for (INDArray a : arrays) {
      if (a.dataType() != type || a.isView() || a.offset() != 0 || a.data().offset() != 0
          || a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)
          || a.length() >= Integer.MAX_VALUE || a.data().length() < a.length()) {
        return false;
      }
    }
    return true;
  }

  /** {@code out[n, k] = max(in[n, k], in[n, m + k])} for each example n, with m = out's per-example size. */
  static void forward(INDArray input, INDArray out) {
    int n = (int) input.size(0);
    int m = (int) (out.length() / n);
    if (input.dataType() == DataType.FLOAT) {
      FloatBuffer x = input.data().asNioFloat();
      FloatBuffer z = out.data().asNioFloat();
      forEachExample(n, m, i -> {
        int a = i * 2 * m;
        int b = a + m;
        int o = i * m;
        for (int k = 0; k < m; k++) {
          float p = x.get(a + k);
          float q = x.get(b + k);
          z.put(o + k, q > p ? q : p);
        }
      });
    } else {
      DoubleBuffer x = input.data().asNioDouble();
      DoubleBuffer z = out.data().asNioDouble();
      forEachExample(n, m, i -> {
        int a = i * 2 * m;
        int b = a + m;
        int o = i * m;
        for (int k = 0; k < m; k++) {
          double p = x.get(a + k);
          double q = x.get(b + k);
          z.put(o + k, q > p ? q : p);
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
      forEachExample(n, m, i -> {
        int a = i * 2 * m;
        int b = a + m;
        int o = i * m;
        for (int k = 0; k < m; k++) {
          float value = e.get(o + k);
          boolean secondWins = x.get(b + k) > x.get(a + k);
          g.put(a + k, secondWins ? 0f : value);
          g.put(b + k, secondWins ? value : 0f);
        }
      });
    } else {
      DoubleBuffer x = input.data().asNioDouble();
      DoubleBuffer e = epsilon.data().asNioDouble();
      DoubleBuffer g = grad.data().asNioDouble();
      forEachExample(n, m, i -> {
        int a = i * 2 * m;
        int b = a + m;
        int o = i * m;
        for (int k = 0; k < m; k++) {
          double value = e.get(o + k);
          boolean secondWins = x.get(b + k) > x.get(a + k);
          g.put(a + k, secondWins ? 0d : value);
          g.put(b + k, secondWins ? value : 0d);
        }
      });
    }
  }

  private interface ExampleLoop {
    void run(int example);
  }

  /** Examples split into a few contiguous ranges, one task each, on the common fork/join pool. */
  private static void forEachExample(int n, int m, ExampleLoop body) {
    if ((long) n * m < PARALLEL_THRESHOLD || n < 2) {
      for (int i = 0; i < n; i++) {
        body.run(i);
      }
      return;
    }
    int tasks = Math.min(n, 4 * ForkJoinPool.getCommonPoolParallelism() + 4);
    IntStream.range(0, tasks).parallel().forEach(t -> {
      int from = (int) ((long) n * t / tasks);
      int to = (int) ((long) n * (t + 1) / tasks);
      for (int i = from; i < to; i++) {
        body.run(i);
      }
    });
  }
}
