package dev.cnnspec.runtime.exec;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: ResNet-20's batch-norm shapes (batch 256: 16×32×32, 32×16×16, 64×8×8, float) through
 * {@link BatchNormKernel} (Java loops over the fork/join pool) and {@link DnnlBatchNorm} (oneDNN 2.5.2
 * on the OpenMP team): training forward, backward, inference. The two are interleaved call group by
 * call group (A B A B …) and the medians over rounds printed, as process CPU µs per image (all
 * threads, a spinning OpenMP worker included) and wall µs per image. Arguments: {@code [rounds]
 * [batch]} (default 9 256), or {@code precision}: the largest error of oneDNN's training forward against
 * double as the mean grows against the spread (why {@link HostBatchNormHelper#PRECISE_RATIO}). Run
 * (from the repository root):
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * java -Xmx3g -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat /tmp/rt.cp) \
 *     dev.cnnspec.runtime.exec.DnnlBatchNormBench 9 256
 * </pre>
 */
public final class DnnlBatchNormBench {
  /** Calls per reading: the process CPU clock ticks in milliseconds here. */
  private static final int CALLS = 20;
  /** oneDNN's layout tag for the primitive (-Dlayout=nchw|nhwc|nChw16c), reorders around it unless nchw. */
  private static final int LAYOUT = switch (System.getProperty("layout", "nchw")) {
    case "nhwc" -> org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
    case "nChw16c" -> org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
    case "nChw8c" -> org.bytedeco.dnnl.global.dnnl.dnnl_nChw8c;
    default -> org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
  };

  private DnnlBatchNormBench() {}

  record Case(int c, int side) {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("precision")) {
      precision();
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    System.out.printf("oneDNN %s, batch %d, %d rounds of %d calls, OMP_NUM_THREADS=%s, load %s%n", Dnnl.version(), n,
        rounds, CALLS, System.getenv("OMP_NUM_THREADS"), load());
    for (Case k : List.of(new Case(16, 32), new Case(32, 16), new Case(64, 8))) {
      run(n, k.c, k.side, rounds);
    }
    System.out.printf("load after: %s%n", load());
  }

  private static void run(int n, int c, int side, int rounds) {
    int plane = side * side;
    Nd4j.getRandom().setSeed(c);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, c, side, side).muli(2).addi(0.5);
    INDArray dy = Nd4j.randn(DataType.FLOAT, n, c, side, side);
    INDArray out = Nd4j.create(DataType.FLOAT, n, c, side, side);
    INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
    INDArray beta = Nd4j.randn(DataType.FLOAT, c);
    INDArray mean = Nd4j.create(DataType.FLOAT, c);
    INDArray var = Nd4j.create(DataType.FLOAT, c);
    INDArray dGamma = Nd4j.create(DataType.FLOAT, c);
    INDArray dBeta = Nd4j.create(DataType.FLOAT, c);
    FloatBuffer xb = x.data().asNioFloat();
    FloatBuffer dyb = dy.data().asNioFloat();
    FloatBuffer outb = out.data().asNioFloat();
    float[] g = gamma.toFloatVector();
    float[] b = beta.toFloatVector();
    float[] m = new float[c];
    float[] v = new float[c];
    Arrays.fill(v, 1f);
    float[] dg = new float[c];
    float[] db = new float[c];
    BatchNormKernel.Statistics stats = new BatchNormKernel.Statistics(c);
    DnnlBatchNorm dnnl = new DnnlBatchNorm(new DnnlBatchNorm.Shape(n, c, side, side, 1e-5f, Boolean.getBoolean("relu")), LAYOUT);
    dnnl.forwardTraining(x, gamma, beta, out, mean, var);
    INDArray k = gamma.div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(var.add(1e-5), true));
    String[] names = {"forward (training)", "backward", "inference", "inference, nChw16c"};
    // The last pair: both sides on oneDNN, in and out in nChw16c (a blocked edge at inference): the binary
    // pass ("kernel" column) against the batch-norm primitive with the running statistics ("oneDNN").
    Runnable[][] work = {
        {() -> BatchNormKernel.forwardTraining(xb, outb, n, c, plane, g, b, 1e-5, stats),
            () -> dnnl.forwardTraining(x, gamma, beta, out, mean, var)},
        {() -> BatchNormKernel.backward(xb, dyb, outb, n, c, plane, g, 1e-5, stats, dg, db),
            () -> dnnl.backward(x, dy, mean, var, gamma, beta, out, dGamma, dBeta)},
        {() -> BatchNormKernel.forwardInference(xb, outb, n, c, plane, g, b, 1e-5, m, v),
            () -> dnnl.inference(x, mean, k, beta, out)},
        {() -> dnnl.inference(x, mean, k, beta, out, true, true),
            () -> dnnl.inferenceGlobal(x, mean, var, gamma, beta, out, true, true)}};
    System.out.printf("%d×%d×%d×%d%n", n, c, side, side);
    for (int w = 0; w < work.length; w++) {
      double[][] cpu = new double[2][rounds];
      double[][] wall = new double[2][rounds];
      for (int r = -2; r < rounds; r++) {
        for (int s = 0; s < 2; s++) {
          long c0 = CpuClock.processNanos();
          long w0 = System.nanoTime();
          for (int i = 0; i < CALLS; i++) {
            work[w][s].run();
          }
          long w1 = System.nanoTime();
          long c1 = CpuClock.processNanos();
          if (r >= 0) {
            cpu[s][r] = (c1 - c0) / 1e3 / CALLS / n;
            wall[s][r] = (w1 - w0) / 1e3 / CALLS / n;
          }
        }
      }
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = cpu[1][r] / cpu[0][r];
      }
      System.out.printf("  %-19s kernel %6.2f cpu %6.2f wall µs/img | oneDNN %6.2f cpu %6.2f wall µs/img | "
              + "oneDNN/kernel cpu %.2f (median of pairs)%n", names[w], CpuClock.median(cpu[0]),
          CpuClock.median(wall[0]), CpuClock.median(cpu[1]), CpuClock.median(wall[1]), CpuClock.median(ratio));
    }
    dnnl.close();
  }

  /** oneDNN's statistics and output against double, at |mean| / std from 1 to 1e5 (std 0.01, gamma 1, beta 0). */
  private static void precision() {
    int[][] shapes = {{33, 4, 8, 8}, {256, 16, 32, 32}};
    for (int[] s : shapes) {
      for (double ratio : new double[] {1, 10, 30, 100, 1000, 1e5}) {
        int n = s[0];
        int c = s[1];
        double std = 0.01;
        Nd4j.getRandom().setSeed(1);
        INDArray xd = Nd4j.randn(DataType.DOUBLE, n, c, s[2], s[3]).muli(std).addi(ratio * std)
            .castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
        INDArray x = xd.castTo(DataType.FLOAT);
        INDArray out = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray mean = Nd4j.create(DataType.FLOAT, c);
        INDArray var = Nd4j.create(DataType.FLOAT, c);
        try (DnnlBatchNorm bn = new DnnlBatchNorm(new DnnlBatchNorm.Shape(n, c, s[2], s[3], 1e-5f))) {
          bn.forwardTraining(x, Nd4j.ones(DataType.FLOAT, c), Nd4j.zeros(DataType.FLOAT, c), out, mean, var);
        }
        INDArray em = xd.mean(0, 2, 3);
        INDArray ev = xd.var(false, 0, 2, 3);
        INDArray expected = xd.sub(em.reshape(1, c, 1, 1)).div(Nd4j.math().sqrt(ev.add(1e-5)).reshape(1, c, 1, 1));
        System.out.printf("%s |mean|/std %.0e: mean off by %.2e std, variance relative error %.2e, output error %.2e%n",
            Arrays.toString(s), ratio, em.sub(mean.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / std,
            ev.sub(var.castTo(DataType.DOUBLE)).div(ev).amaxNumber().doubleValue(),
            expected.sub(out.castTo(DataType.DOUBLE)).amaxNumber().doubleValue());
      }
    }
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
