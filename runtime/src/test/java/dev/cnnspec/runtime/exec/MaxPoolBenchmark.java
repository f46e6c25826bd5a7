package dev.cnnspec.runtime.exec;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: libnd4j's {@code maxpool2d} / {@code maxpool2d_bp} (helpers off, as the fast path
 * called them before {@link MaxPoolKernel}) against the kernel, on LeNet-5's and Light CNN's 2×2
 * poolings at batch 256. Process CPU time (all threads) per call, the two sides interleaved
 * (A B A B …), median of {@code rounds}. Arguments: {@code [rounds]} (default 15). Run from the
 * repository root, on one OpenMP thread so that idle spinning threads do not count:
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -Xmx2g -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat /tmp/rt.cp) \
 *     dev.cnnspec.runtime.exec.MaxPoolBenchmark 15
 * </pre>
 */
public final class MaxPoolBenchmark {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private MaxPoolBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    FastPath.active(); // the oneDNN natives, as on the fast path
    System.out.printf("# load %s; CPU µs per image (batch 256), median of %d interleaved rounds%n",
        Arrays.toString(loadAverage()), rounds);
    System.out.printf("%-22s %12s %12s %7s %12s %12s %7s%n", "input (n×c×h×w)", "fwd libnd4j", "fwd kernel",
        "ratio", "bwd libnd4j", "bwd kernel", "ratio");
    long[][] shapes = {{256, 6, 28, 28}, {256, 16, 10, 10}, {256, 32, 28, 28}, {256, 48, 14, 14}, {256, 64, 7, 7},
        {256, 32, 3, 3}};
    String[] names = {"lenet5 pool 1", "lenet5 pool 2", "lightcnn pool 1", "lightcnn pool 2", "lightcnn pool 3",
        "lightcnn pool 4"};
    for (int s = 0; s < shapes.length; s++) {
      run(names[s], shapes[s], rounds);
    }
  }

  private static void run(String name, long[] shape, int rounds) {
    int[] kernel = {2, 2};
    int[] stride = {2, 2};
    int[] pad = {0, 0};
    int[] dilation = {1, 1};
    PoolWindows windows = PoolWindows.of(shape, kernel, stride, pad, dilation, ConvolutionMode.Truncate,
        CNN2DFormat.NCHW).orElseThrow();
    long[] outShape = {shape[0], shape[1], windows.outH(), windows.outW()};
    INDArray x = Nd4j.randn(DataType.FLOAT, shape);
    INDArray eps = Nd4j.randn(DataType.FLOAT, outShape);
    INDArray out = Nd4j.create(DataType.FLOAT, outShape);
    INDArray positions = Nd4j.create(DataType.INT8, outShape);
    INDArray grad = Nd4j.create(DataType.FLOAT, shape);
    int[] opArgs = NativePooling.arguments(kernel, stride, pad, dilation, ConvolutionMode.Truncate, 0,
        CNN2DFormat.NCHW);
    Runnable fwdNative = () -> NativePooling.exec(NativePooling.forwardOp(PoolingType.MAX), opArgs,
        new INDArray[] {x}, out);
    Runnable fwdKernel = () -> MaxPoolKernel.forward(windows, x.data().asNioFloat(), out.data().asNioFloat(),
        positions.data().asNio());
    Runnable bwdNative = () -> NativePooling.exec(NativePooling.backwardOp(PoolingType.MAX), opArgs,
        new INDArray[] {x, eps}, grad);
    Runnable bwdKernel = () -> MaxPoolKernel.backward(windows, eps.data().asNioFloat(), positions.data().asNio(),
        grad.data().asNioFloat());
    double[] fwd = interleaved(fwdNative, fwdKernel, rounds);
    fwdKernel.run(); // the positions of this input, for the backward pass
    double[] bwd = interleaved(bwdNative, bwdKernel, rounds);
    double perImage = 1e3 / shape[0];
    System.out.printf("%-22s %12.2f %12.2f %7.2f %12.2f %12.2f %7.2f   (%s)%n", shapeName(shape), fwd[0] * perImage,
        fwd[1] * perImage, fwd[0] / fwd[1], bwd[0] * perImage, bwd[1] * perImage, bwd[0] / bwd[1], name);
  }

  /** Median CPU milliseconds per call of a and of b, a and b alternating, after three warm-up pairs. */
  private static double[] interleaved(Runnable a, Runnable b, int rounds) {
    for (int i = 0; i < 3; i++) {
      a.run();
      b.run();
    }
    double[] ta = new double[rounds];
    double[] tb = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ta[i] = cpuMillis(a);
      tb[i] = cpuMillis(b);
    }
    return new double[] {median(ta), median(tb)};
  }

  /** Repeats until 200 ms of CPU have passed: the process CPU clock ticks in 10 ms steps. */
  private static double cpuMillis(Runnable r) {
    long start = OS.getProcessCpuTime();
    long now = start;
    int reps = 0;
    while (reps < 3 || now - start < 200_000_000L) {
      r.run();
      reps++;
      now = OS.getProcessCpuTime();
    }
    return (now - start) / 1e6 / reps;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String shapeName(long[] shape) {
    return shape[0] + "×" + shape[1] + "×" + shape[2] + "×" + shape[3];
  }

  private static double[] loadAverage() {
    try {
      String[] parts = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    } catch (java.io.IOException e) {
      return new double[0];
    }
  }
}
