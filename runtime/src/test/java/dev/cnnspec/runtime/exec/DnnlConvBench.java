package dev.cnnspec.runtime.exec;

import dev.cnnspec.runtime.exec.DnnlConvolution.Geometry;
import dev.cnnspec.runtime.exec.DnnlConvolution.Layout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Micro-benchmark of the zoo's convolutions: libnd4j's {@code conv2d} / {@code conv2d_bp} (its
 * oneDNN 2.3.0, as DL4J's oneDNN helper calls them) against oneDNN 2.5.2 through
 * {@link DnnlConvolution}, direct and auto algorithm, plain NCHW and oneDNN's own layouts with
 * reorders; for the single-channel first layers also the weight gradient alone (the fast path skips
 * their input gradient), against {@link InputConvHelper}'s forward-convolution form. CPU time of this
 * thread per call (run with {@code OMP_NUM_THREADS=1} so that the thread's time is all of it), the
 * variants interleaved round by round, median over rounds:
 *
 * <pre>
 * bench/dnnl-conv [ROUNDS [BATCH]]     # builds the runtime's test classes, runs this with OMP_NUM_THREADS=1
 * </pre>
 */
public final class DnnlConvBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  record Case(String name, int c, int o, int k, int hw, int stride, boolean same, boolean bias) {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    List<Case> cases = List.of(
        new Case("resnet20 16->16 3x3 @32", 16, 16, 3, 32, 1, true, false),
        new Case("resnet20 32->32 3x3 @16", 32, 32, 3, 16, 1, true, false),
        new Case("resnet20 64->64 3x3 @8", 64, 64, 3, 8, 1, true, false),
        new Case("resnet20 16->32 3x3 /2 @32", 16, 32, 3, 32, 2, true, false),
        new Case("lenet5 1->6 5x5 @32", 1, 6, 5, 32, 1, false, true),
        new Case("lenet5 6->16 5x5 @14", 6, 16, 5, 14, 1, false, true),
        new Case("lightcnn 1->64 5x5 @28", 1, 64, 5, 28, 1, true, true),
        new Case("lightcnn 32->96 3x3 @14", 32, 96, 3, 14, 1, true, true),
        new Case("lightcnn 48->128 3x3 @7", 48, 128, 3, 7, 1, true, true),
        new Case("lightcnn 32->64 1x1 @14", 32, 64, 1, 14, 1, true, true));
    System.out.printf("oneDNN %s, batch %d, %d rounds, OMP_NUM_THREADS=%s, load %s%n", Dnnl.version(), n, rounds,
        System.getenv("OMP_NUM_THREADS"), load());
    for (Case c : cases) {
      run(c, n, rounds);
    }
    System.out.printf("load after: %s%n", load());
  }

  private static void run(Case k, int n, int rounds) {
    Nd4j.getRandom().setSeed(1);
    int oh = k.same ? (k.hw + k.stride - 1) / k.stride : (k.hw - k.k) / k.stride + 1;
    long total = Math.max(0, (oh - 1) * k.stride + k.k - k.hw);
    long top = k.same ? total / 2 : 0;
    long bottom = k.same ? total - top : (oh - 1) * k.stride + k.k - k.hw;
    INDArray x = Nd4j.rand(DataType.FLOAT, n, k.c, k.hw, k.hw).subi(0.5);
    INDArray w = Nd4j.rand(DataType.FLOAT, k.o, k.c, k.k, k.k).subi(0.5);
    INDArray b = Nd4j.rand(DataType.FLOAT, 1, k.o);
    INDArray dy = Nd4j.rand(DataType.FLOAT, n, k.o, oh, oh).subi(0.5);
    INDArray y = Nd4j.create(DataType.FLOAT, n, k.o, oh, oh);
    INDArray dx = Nd4j.create(DataType.FLOAT, n, k.c, k.hw, k.hw);
    INDArray dw = Nd4j.create(DataType.FLOAT, k.o, k.c, k.k, k.k);
    INDArray db = Nd4j.create(DataType.FLOAT, 1, k.o);
    Geometry g = new Geometry(n, k.c, k.hw, k.hw, k.o, k.k, k.k, k.stride, k.stride, 1, 1, top, top, bottom, bottom,
        oh, oh, k.bias);
    Map<String, Runnable[]> variants = new LinkedHashMap<>();
    int[] iargs = {k.k, k.k, k.stride, k.stride, 0, 0, 1, 1, k.same ? 1 : 0, 0};
    variants.put("libnd4j", new Runnable[] {
        () -> Nd4j.exec(DynamicCustomOp.builder("conv2d")
            .addInputs(k.bias ? new INDArray[] {x, w.permute(2, 3, 1, 0), b} : new INDArray[] {x, w.permute(2, 3, 1, 0)})
            .addOutputs(y).addIntegerArguments(iargs).build()),
        () -> Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
            .addInputs(k.bias ? new INDArray[] {x, w.permute(2, 3, 1, 0), b, dy} : new INDArray[] {x, w.permute(2, 3, 1, 0), dy})
            .addOutputs(k.bias ? new INDArray[] {dx, dw.permute(2, 3, 1, 0), db} : new INDArray[] {dx, dw.permute(2, 3, 1, 0)})
            .addIntegerArguments(iargs).build()),
        // the weight gradient alone, as the fast path computes it for a layer reading a network input
        () -> new InputConvHelper(null).backpropGradient(x, w, b, dy, new int[] {k.k, k.k},
            new int[] {k.stride, k.stride}, new int[] {(int) top, (int) top}, db, dw, null, null, null, null,
            k.same ? ConvolutionMode.Same : ConvolutionMode.Truncate, new int[] {1, 1}, CNN2DFormat.NCHW,
            LayerWorkspaceMgr.noWorkspaces())});
    List<DnnlConvolution> convs = new ArrayList<>();
    for (boolean direct : new boolean[] {true, false}) {
      for (Layout layout : Layout.values()) {
        DnnlConvolution conv = new DnnlConvolution(g, direct, layout);
        convs.add(conv);
        variants.put((direct ? "direct " : "auto ") + layout.name().toLowerCase(), new Runnable[] {
            () -> conv.forward(x, w, b, y),
            () -> {
              conv.backwardData(w, dy, dx);
              conv.backwardWeights(x, dy, dw, db);
            },
            () -> conv.backwardWeights(x, dy, dw, db)});
      }
    }
    int reps = Math.max(1, (int) (4_000_000L / ((long) n * k.o * oh * oh * k.c * k.k * k.k / 1000 + 1)));
    reps = Math.min(reps, 20);
    Map<String, double[][]> times = new LinkedHashMap<>();
    int phases = k.c == 1 && k.stride == 1 ? 3 : 2; // the weight-gradient-only pass: first layers
    variants.keySet().forEach(name -> times.put(name, new double[3][rounds]));
    for (Runnable[] v : variants.values()) { // warm-up: primitive creation, JIT
      for (int phase = 0; phase < phases; phase++) {
        v[phase].run();
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Runnable[]> e : variants.entrySet()) {
        for (int phase = 0; phase < phases; phase++) {
          long t0 = CPU.getCurrentThreadCpuTime();
          for (int i = 0; i < reps; i++) {
            e.getValue()[phase].run();
          }
          times.get(e.getKey())[phase][r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / reps;
        }
      }
    }
    double baseF = median(times.get("libnd4j")[0]);
    double baseB = median(times.get("libnd4j")[1]);
    System.out.printf("%n%s (batch %d, %d calls per round)%n", k.name, n, reps);
    System.out.printf("  %-14s %10s %10s %8s %8s%s%n", "variant", "fwd ms", "bwd ms", "fwd x", "bwd x",
        phases == 3 ? "   bwd_w ms  bwd_w x" : "");
    double baseW = median(times.get("libnd4j")[2]);
    for (Map.Entry<String, double[][]> e : times.entrySet()) {
      double f = median(e.getValue()[0]);
      double bw = median(e.getValue()[1]);
      double bww = median(e.getValue()[2]);
      System.out.printf("  %-14s %10.2f %10.2f %8.2f %8.2f%s%n", e.getKey(), f, bw, baseF / f, baseB / bw,
          phases == 3 ? String.format(" %10.2f %8.2f", bww, baseW / bww) : "");
    }
    int i = 0;
    for (String name : variants.keySet()) {
      if (!name.equals("libnd4j")) {
        System.out.printf("  %-14s %s%n", name, convs.get(i++).implementations());
      }
    }
    convs.forEach(DnnlConvolution::close);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String load() {
    return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
