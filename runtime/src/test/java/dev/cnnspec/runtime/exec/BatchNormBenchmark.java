package dev.cnnspec.runtime.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Not a test: process CPU time per image of {@link BatchNormKernel}'s passes on ResNet-20's
 * first-stage activation (batch × 16 × 32 × 32, float), next to copying the same bytes (what memory
 * bandwidth allows: forward reads x and writes y, backward reads x and dy and writes dx). Prints
 * the median of the rounds and the effective bandwidth. Arguments: {@code [batch] [channels]
 * [side] [rounds]} (default 128 16 32 15). Run (from the repository root):
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=1 \
 *     -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat /tmp/rt.cp) \
 *     dev.cnnspec.runtime.exec.BatchNormBenchmark 128 16 32 15
 * </pre>
 */
public final class BatchNormBenchmark {
  /** Calls per reading: the process CPU clock ticks in milliseconds here. */
  private static final int CALLS = 200;

  private BatchNormBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int c = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int side = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int plane = side * side;
    int length = n * c * plane;
    FloatBuffer x = buffer(length, 1);
    FloatBuffer dy = buffer(length, 2);
    FloatBuffer out = buffer(length, 3);
    float[] gamma = new float[c];
    float[] beta = new float[c];
    Arrays.fill(gamma, 1.1f);
    Arrays.fill(beta, 0.1f);
    BatchNormKernel.Statistics stats = new BatchNormKernel.Statistics(c);
    float[] dGamma = new float[c];
    float[] dBeta = new float[c];
    String[] names = {"forward (training)", "backward", "copy x -> y", "copy x, dy -> dx"};
    long[] bytes = {2L * length * 4, 3L * length * 4, 2L * length * 4, 3L * length * 4};
    Runnable[] work = {
        () -> BatchNormKernel.forwardTraining(x, out, n, c, plane, gamma, beta, 1e-5, stats),
        () -> BatchNormKernel.backward(x, dy, out, n, c, plane, gamma, 1e-5, stats, dGamma, dBeta),
        () -> copy(x, null, out, length),
        () -> copy(x, dy, out, length)};
    double[][] perImage = new double[work.length][rounds];
    for (int r = -3; r < rounds; r++) {
      for (int w = 0; w < work.length; w++) {
        long t0 = CpuClock.processNanos();
        for (int i = 0; i < CALLS; i++) {
          work[w].run();
        }
        long t1 = CpuClock.processNanos();
        if (r >= 0) {
          perImage[w][r] = (t1 - t0) / 1e3 / CALLS / n;
        }
      }
    }
    System.out.printf("batch norm kernel, %d×%d×%d×%d float, %d rounds of %d calls, process CPU µs per image "
        + "(median), GB/s%n", n, c, side, side, rounds, CALLS);
    for (int w = 0; w < work.length; w++) {
      double us = CpuClock.median(perImage[w]);
      System.out.printf("%-20s %8.2f µs/img  %6.1f GB/s%n", names[w], us, bytes[w] / (double) n / us / 1e3);
    }
  }

  /** Plain block copies of the same bytes: the floor for a pass over these arrays. */
  private static void copy(FloatBuffer a, FloatBuffer b, FloatBuffer to, int length) {
    float[] buf = new float[4096];
    float[] buf2 = new float[4096];
    for (int k0 = 0; k0 < length; k0 += buf.length) {
      int len = Math.min(buf.length, length - k0);
      a.get(k0, buf, 0, len);
      if (b != null) {
        b.get(k0, buf2, 0, len);
      }
      to.put(k0, buf, 0, len);
    }
  }

  private static FloatBuffer buffer(int length, long seed) {
    FloatBuffer f = ByteBuffer.allocateDirect(length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    Random random = new Random(seed);
    for (int i = 0; i < length; i++) {
      f.put(i, (float) (random.nextGaussian() * 2 + 0.5));
    }
    return f;
  }
}
