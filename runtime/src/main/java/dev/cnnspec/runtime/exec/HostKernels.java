package dev.cnnspec.runtime.exec;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Support for loops the runtime runs itself over host memory instead of calling libnd4j: the test
 * for arrays that may be read and written directly, and the split of an outer loop across threads.
 * Such loops are worth it only where libnd4j is slow for a reason a plain loop avoids: for
 * max-feature-map, its ops over strided channel halves spend most of their time on per-element
 * index arithmetic; for max pooling ({@link MaxPoolKernel}), its backward pass searches every
 * window again where the forward pass could have kept the winner. A plain Java max-pooling loop
 * alone was twice as slow as libnd4j's forward and no measurable gain backward (figures in
 * {@code bench/README.md}): the kernel that is kept also keeps the positions.
 */
public final class HostKernels {
  /** Below this many values touched, splitting across threads costs more than it saves. */
  private static final long PARALLEL_THRESHOLD = 1 << 15;

  /** The backend is fixed once ND4J has loaded, and this is asked per layer per step. */
  private static final boolean CPU_BACKEND = Nd4j.getEnvironment().isCPU();

  private HostKernels() {}

  /**
   * True when every array is a whole, dense, C-ordered float or double buffer of one type in host
   * memory (CPU backend), so that element i of the array is element i of its NIO buffer.
   */
  public static boolean applies(INDArray... arrays) {
    if (!CPU_BACKEND) {
      return false;
    }
    DataType type = arrays[0].dataType();
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      return false;
    }
    for (INDArray a : arrays) {
      if (a.dataType() != type || a.isView() || a.offset() != 0 || a.data().offset() != 0
          || a.ordering() != 'c' || !denseC(a.shape(), a.stride())
          || a.length() >= Integer.MAX_VALUE || a.data().length() < a.length()) {
        return false;
      }
    }
    return true;
  }

  /**
   * C strides, where a dimension of size 1 may have any stride: ND4J gives [n, c, 1, 1] or
   * [n, c, 1, w] arrays such strides, which {@code Shape.hasDefaultStridesForShape} refuses (it wants
   * strictly descending strides), although element i is still element i of the buffer.
   */
  static boolean denseC(long[] shape, long[] stride) {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The body of an outer loop, run for items {@code from} (inclusive) to {@code to} (exclusive). */
  public interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over items 0..count-1, split into a few contiguous ranges on the common
   * fork/join pool when the work ({@code valuesPerItem} each) is large enough to pay for it.
   */
  public static void forEach(int count, long valuesPerItem, Range body) {
    if ((long) count * valuesPerItem < PARALLEL_THRESHOLD || count < 2) {
      body.run(0, count);
      return;
    }
    int tasks = Math.min(count, 4 * ForkJoinPool.getCommonPoolParallelism() + 4);
    IntStream.range(0, tasks).parallel().forEach(t ->
        body.run((int) ((long) count * t / tasks), (int) ((long) count * (t + 1) / tasks)));
  }
}
