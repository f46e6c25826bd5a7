package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;

import dev.cnnspec.runtime.exec.Dnnl.Address;
import dev.cnnspec.runtime.layers.ReluKernel;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: the candidates for a ReLU layer's two passes on ResNet-20's three activation shapes
 * (batch × 16×32×32, 32×16×16, 64×8×8, float), each call timed right after a oneDNN 2.5.2 3×3
 * convolution over the same shape (what precedes a ReLU's backward in a real step, and what leaves
 * libgomp's worker spinning), or without it with {@code alone} as third argument (then the
 * previous candidate of the round precedes each call, which may be an OpenMP op too). Candidates run
 * interleaved, one call each per round; per candidate the median over rounds of wall, calling
 * thread's CPU and process CPU (all threads: the spinning OpenMP worker and the fork/join pool
 * included), µs per image. Also checks each candidate's special values against libnd4j's.
 * Arguments {@code [batch] [rounds] [alone]} (default 256, 30). Run from the repository root:
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * java -Xmx3g -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat /tmp/rt.cp) \
 *     dev.cnnspec.runtime.exec.ReluPassBench 256 30
 * </pre>
 */
public final class ReluPassBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BLOCK = 4096;

  private ReluPassBench() {}

  interface Pass {
    void run(Arrays a);
  }

  /** One shape's arrays: input, its ReLU, incoming gradient, outputs. */
  static final class Arrays {
    final INDArray x;
    final INDArray y;
    final INDArray eps;
    final INDArray out;
    final INDArray grad;
    final Eltwise dnnl;

    Arrays(long n, long c, long h, long w, long seed) {
      Nd4j.getRandom().setSeed(seed);
      x = Nd4j.randn(DataType.FLOAT, n, c, h, w);
      y = x.dup();
      Nd4j.exec(new RectifiedLinear(x, y));
      eps = Nd4j.randn(DataType.FLOAT, n, c, h, w);
      out = Nd4j.createUninitialized(DataType.FLOAT, n, c, h, w);
      grad = Nd4j.createUninitialized(DataType.FLOAT, n, c, h, w);
      dnnl = new Eltwise(new long[] {n, c, h, w});
    }
  }

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    boolean alone = args.length > 2 && args[2].equals("alone");
    THREADS.setThreadCpuTimeEnabled(true);
    long[][] shapes = {{batch, 16, 32, 32}, {batch, 32, 16, 16}, {batch, 64, 8, 8}};
    Map<String, Pass> forward = new LinkedHashMap<>();
    forward.put("fwd oneDNN eltwise relu", a -> a.dnnl.forward(a.x, a.out));
    forward.put("fwd ReluKernel (libnd4j relu)", a -> ReluKernel.forward(a.x, a.out));
    forward.put("fwd java loop, main thread", a -> forwardLoop(a.x, a.out));
    Map<String, Pass> backward = new LinkedHashMap<>();
    backward.put("bwd java x, fork/join (before)", a -> backwardSplit(a.x, a.eps, a.grad));
    backward.put("bwd ReluKernel x (main thread)", a -> ReluKernel.backward(a.x, a.eps, a.grad));
    backward.put("bwd ReluKernel y (main thread)", a -> ReluKernel.backward(a.y, a.eps, a.grad));
    backward.put("bwd libnd4j relu_bp x", a -> Nd4j.exec(new RectifiedLinearDerivative(a.x, a.eps, a.grad)));
    backward.put("bwd libnd4j relu_bp y", a -> Nd4j.exec(new RectifiedLinearDerivative(a.y, a.eps, a.grad)));
    backward.put("bwd oneDNN eltwise relu x", a -> a.dnnl.backward(a.x, a.eps, a.grad));
    checkSemantics(forward, backward);
    System.out.printf("ReLU passes, batch %d, %d rounds, %s; µs per image, median: wall / thread CPU / process CPU%n",
        batch, rounds, alone ? "alone" : "each right after a oneDNN 3x3 convolution");
    for (long[] s : shapes) {
      Arrays a = new Arrays(s[0], s[1], s[2], s[3], 7);
      DnnlConvolution conv = alone ? null : new DnnlConvolution(new DnnlConvolution.Geometry(s[0], s[1], s[2], s[3],
          s[1], 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, s[2], s[3], false), true, DnnlConvolution.Layout.ANY);
      INDArray weights = Nd4j.randn(DataType.FLOAT, s[1], s[1], 3, 3).muli(0.1);
      INDArray convOut = Nd4j.createUninitialized(DataType.FLOAT, s);
      List<Map.Entry<String, Pass>> all = new ArrayList<>(forward.entrySet());
      all.addAll(backward.entrySet());
      double[][][] t = new double[all.size()][3][rounds];
      for (int r = -3; r < rounds; r++) {
        for (int i = 0; i < all.size(); i++) {
          if (conv != null) {
            conv.forward(a.eps, weights, null, convOut);
          }
          long p0 = tasksNanos();
          long w0 = System.nanoTime();
          long c0 = THREADS.getCurrentThreadCpuTime();
          all.get(i).getValue().run(a);
          long c1 = THREADS.getCurrentThreadCpuTime();
          long w1 = System.nanoTime();
          long p1 = tasksNanos();
          if (r >= 0) {
            t[i][0][r] = (w1 - w0) / 1e3 / s[0];
            t[i][1][r] = (c1 - c0) / 1e3 / s[0];
            t[i][2][r] = (p1 - p0) / 1e3 / s[0];
          }
        }
      }
      System.out.printf("%d×%d×%d×%d%n", s[0], s[1], s[2], s[3]);
      for (int i = 0; i < all.size(); i++) {
        System.out.printf("  %-32s %7.3f %7.3f %7.3f%n", all.get(i).getKey(), CpuClock.median(t[i][0]),
            CpuClock.median(t[i][1]), CpuClock.median(t[i][2]));
      }
      if (conv != null) {
        conv.close();
      }
    }
    Map<String, Integer> names = new java.util.TreeMap<>();
    for (File task : new File("/proc/self/task").listFiles()) {
      try {
        names.merge(Files.readString(new File(task, "comm").toPath()).trim().replaceAll("[0-9]+", "#"), 1, Integer::sum);
      } catch (IOException e) {
        // ended
      }
    }
    System.out.println("threads by name: " + names);
  }

  /**
   * Run time of all of the process's threads (native OpenMP workers included) in nanoseconds, from
   * {@code /proc/self/task/* /schedstat}: the process CPU clock of the JVM ticks in 10 ms here.
   */
  static long tasksNanos() {
    long sum = 0;
    File[] tasks = new File("/proc/self/task").listFiles();
    if (tasks == null) {
      return 0;
    }
    for (File task : tasks) {
      try {
        String line = Files.readString(new File(task, "schedstat").toPath());
        sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
      } catch (IOException | RuntimeException e) {
        // the thread ended between the listing and the read
      }
    }
    return sum;
  }

  /** Each candidate on special values against libnd4j's relu / relu_bp, bit for bit. */
  private static void checkSemantics(Map<String, Pass> forward, Map<String, Pass> backward) {
    float[] xs = {1f, -1f, 0f, -0f, Float.NaN, Float.intBitsToFloat(0xFFC00001), Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 2f, -3f, 5f, -5f, 1f, 1f};
    float[] es = {Float.NaN, Float.NaN, 1f, -1f, 1f, 1f, -2f, -2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1f, -1f, -0f, 3f};
    Arrays a = new Arrays(1, 1, 1, xs.length, 1);
    a.x.data().setData(xs);
    a.eps.data().setData(es);
    Nd4j.exec(new RectifiedLinear(a.x, a.y));
    INDArray wantOut = a.x.dup();
    Nd4j.exec(new RectifiedLinear(a.x, wantOut));
    INDArray wantGrad = a.x.dup();
    Nd4j.exec(new RectifiedLinearDerivative(a.x, a.eps, wantGrad));
    report(forward, a, a.out, wantOut);
    report(backward, a, a.grad, wantGrad);
  }

  private static void report(Map<String, Pass> passes, Arrays a, INDArray result, INDArray want) {
    for (Map.Entry<String, Pass> p : passes.entrySet()) {
      result.assign(12345f);
      p.getValue().run(a);
      StringBuilder diff = new StringBuilder();
      for (int i = 0; i < want.length(); i++) {
        int wb = Float.floatToIntBits(want.getFloat(i));
        int gb = Float.floatToIntBits(result.getFloat(i));
        if (wb != gb) {
          diff.append(String.format(" x=%s e=%s: %s want %s;", a.x.getFloat(i), a.eps.getFloat(i), result.getFloat(i),
              want.getFloat(i)));
        }
      }
      System.out.printf("semantics %-32s %s%n", p.getKey(), diff.length() == 0 ? "bit for bit libnd4j's" : diff);
    }
  }

  /** The forward pass as a loop on the calling thread (float), tried in training and dropped. */
  private static void forwardLoop(INDArray x, INDArray out) {
    IntBuffer in = ints(x);
    IntBuffer o = ints(out);
    int length = (int) x.length();
    int[] xb = new int[BLOCK];
    for (int k0 = 0; k0 < length; k0 += BLOCK) {
      int len = Math.min(BLOCK, length - k0);
      in.get(k0, xb, 0, len);
      for (int k = 0; k < len; k++) {
        int v = xb[k];
        // x < 0 exactly when the sign is set and the magnitude lies in [1, 0x7F800000] (not -0,
        // not a NaN): then all ones, and the value is cleared to +0.
        int magnitude = v & 0x7FFFFFFF;
        int negative = (v & -magnitude & (magnitude - 0x7F800001)) >> 31;
        xb[k] = v & ~negative;
      }
      o.put(k0, xb, 0, len);
    }
  }

  /** The backward loop as it was before {@link ReluKernel} ran on one thread: split across the fork/join pool. */
  private static void backwardSplit(INDArray x, INDArray epsilon, INDArray grad) {
    IntBuffer in = ints(x);
    IntBuffer e = ints(epsilon);
    IntBuffer g = ints(grad);
    int n = (int) x.length();
    HostKernels.Range body = (from, to) -> ReluKernel.backwardFloats(in, e, g, from, to);
    int blocks = (n + BLOCK - 1) / BLOCK;
    HostKernels.forEach(blocks, BLOCK, (from, to) -> body.run(from * BLOCK, Math.min(n, to * BLOCK)));
  }

  private static IntBuffer ints(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
  }

  /** oneDNN 2.5.2's eltwise relu (alpha 0) forward and backward on plain NCHW arrays. */
  static final class Eltwise {
    final dnnl_primitive fwd;
    final dnnl_primitive bwd;
    final dnnl_memory src;
    final dnnl_memory dst;
    final dnnl_memory diffDst;
    final dnnl_memory diffSrc;
    final Address[] handles = {new Address(), new Address(), new Address(), new Address()};
    final dnnl_exec_arg_t fwdArgs = new dnnl_exec_arg_t(2);
    final dnnl_exec_arg_t bwdArgs = new dnnl_exec_arg_t(3);

    Eltwise(long[] dims) {
      dnnl_memory_desc_t md = new dnnl_memory_desc_t();
      Dnnl.check(dnnl_memory_desc_init_by_tag(md, 4, dims, dnnl_f32, dnnl_nchw), "md");
      dnnl_eltwise_desc_t fd = new dnnl_eltwise_desc_t();
      Dnnl.check(dnnl_eltwise_forward_desc_init(fd, dnnl_forward_training, dnnl_eltwise_relu, md, 0f, 0f), "fwd");
      dnnl_primitive_desc fpd = new dnnl_primitive_desc();
      Dnnl.check(dnnl_primitive_desc_create(fpd, new const_dnnl_op_desc_t(fd), null, Dnnl.engine(), null), "fpd");
      dnnl_eltwise_desc_t bd = new dnnl_eltwise_desc_t();
      Dnnl.check(dnnl_eltwise_backward_desc_init(bd, dnnl_eltwise_relu, md, md, 0f, 0f), "bwd");
      dnnl_primitive_desc bpd = new dnnl_primitive_desc();
      Dnnl.check(dnnl_primitive_desc_create(bpd, new const_dnnl_op_desc_t(bd), null, Dnnl.engine(), fpd), "bpd");
      fwd = new dnnl_primitive();
      Dnnl.check(dnnl_primitive_create(fwd, fpd), "fwd primitive");
      bwd = new dnnl_primitive();
      Dnnl.check(dnnl_primitive_create(bwd, bpd), "bwd primitive");
      src = memory(md);
      dst = memory(md);
      diffDst = memory(md);
      diffSrc = memory(md);
      fwdArgs.position(0).arg(DNNL_ARG_SRC).memory(src);
      fwdArgs.position(1).arg(DNNL_ARG_DST).memory(dst);
      bwdArgs.position(0).arg(DNNL_ARG_SRC).memory(src);
      bwdArgs.position(1).arg(DNNL_ARG_DIFF_DST).memory(diffDst);
      bwdArgs.position(2).arg(DNNL_ARG_DIFF_SRC).memory(diffSrc);
    }

    private static dnnl_memory memory(dnnl_memory_desc_t md) {
      dnnl_memory m = new dnnl_memory();
      Dnnl.check(dnnl_memory_create(m, md, Dnnl.engine(), null), "memory");
      return m;
    }

    void forward(INDArray x, INDArray out) {
      Dnnl.check(dnnl_memory_set_data_handle(src, handles[0].of(x)), "h");
      Dnnl.check(dnnl_memory_set_data_handle(dst, handles[1].of(out)), "h");
      var stream = Dnnl.stream();
      Dnnl.check(dnnl_primitive_execute(fwd, stream, 2, fwdArgs.position(0)), "exec");
      Dnnl.check(dnnl_stream_wait(stream), "wait");
    }

    void backward(INDArray x, INDArray eps, INDArray grad) {
      Dnnl.check(dnnl_memory_set_data_handle(src, handles[0].of(x)), "h");
      Dnnl.check(dnnl_memory_set_data_handle(diffDst, handles[2].of(eps)), "h");
      Dnnl.check(dnnl_memory_set_data_handle(diffSrc, handles[3].of(grad)), "h");
      var stream = Dnnl.stream();
      Dnnl.check(dnnl_primitive_execute(bwd, stream, 3, bwdArgs.position(0)), "exec");
      Dnnl.check(dnnl_stream_wait(stream), "wait");
    }
  }
}
