package dev.cnnspec.runtime.exec;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * For the micro-benchmarks: the process's CPU time (all threads, so a kernel split across the
 * fork/join pool is counted whole; a shared machine disturbs it less than wall time) and the median
 * of a run's readings.
 */
public final class CpuClock {
  private CpuClock() {}

  /** CPU time of the whole process so far, in nanoseconds (it ticks in milliseconds here). */
  public static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
