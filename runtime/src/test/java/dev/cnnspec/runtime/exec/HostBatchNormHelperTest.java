package dev.cnnspec.runtime.exec;

import static dev.cnnspec.runtime.exec.BatchNormKernelTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link HostBatchNormHelper} on oneDNN 2.5.2 ({@link DnnlBatchNorm}) in a float layer against DL4J's
 * own batch norm layer in double with no helper, on random shapes (batch 1–12, channels 1–64, planes
 * 1×1 to 32×32), with learned and with locked gamma/beta: three training steps each compare the
 * output, the input gradient, the gamma/beta gradients and the running-statistics gradients (from
 * which DL4J moves its running mean and variance; both layers then take their own step), and the
 * inference output after the steps compares the running statistics' effect. Inputs are values a float
 * holds exactly, so that the reference sees what oneDNN sees.
 */
class HostBatchNormHelperTest {
  private static final String[] RUNNING = {"mean", "var", "log10stdev"};

  @Test
  void randomShapesAgainstDl4j() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    assertTrue(Dnnl.available(), Dnnl::unavailableReason);
    Random random = new Random(16);
    int[][] fixed = {{1, 1, 1, 1}, {1, 64, 1, 1}, {2, 3, 32, 32}, {12, 64, 8, 8}, {5, 17, 7, 9}};
    for (int[] s : fixed) {
      compare(s[0], s[1], s[2], s[3], random.nextBoolean(), random.nextLong());
    }
    for (int i = 0; i < 6; i++) {
      int side = 1 + random.nextInt(32);
      compare(1 + random.nextInt(12), 1 + random.nextInt(64), side, 1 + random.nextInt(32), i % 2 == 0,
          random.nextLong());
    }
  }

  /** A mean at the limit the helper keeps on oneDNN, and a mean far beyond it (the kernel's case). */
  @Test
  void meansLargeAgainstTheSpread() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    compare(33, 4, 8, 8, false, 1, HostBatchNormHelper.PRECISE_RATIO * 0.9, 1.0);
    compare(33, 4, 8, 8, false, 2, 1000.0, 0.01);
  }

  /**
   * With the ReLU fused ({@link HostBatchNormHelper#fuseRelu}, what {@link FusedReluLayer} relies on):
   * the training output is DL4J's batch norm rectified, and the input gradient is DL4J's for the
   * gradient masked where that output is zero; on oneDNN (its fused primitive), on oneDNN redone by the
   * kernel (a mean far beyond the spread) and on the kernel alone.
   */
  @Test
  void fusedReluAgainstDl4jFollowedByRelu() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    int[][] shapes = {{4, 16, 8, 8}, {3, 5, 7, 9}, {2, 64, 1, 1}};
    for (boolean dnnl : new boolean[] {true, false}) {
      for (int[] s : shapes) {
        compareFused(s[0], s[1], s[2], s[3], dnnl, 0.5, 2.0);
      }
      compareFused(33, 4, 8, 8, dnnl, 1000.0, 0.01);
    }
  }

  /**
   * An input in oneDNN's {@code nChw16c} layout across a {@link BlockedEdge} (as a convolution writes it
   * in a training step): the output and the input gradient (asked for in that layout) are DL4J's for
   * the NCHW input, on oneDNN and where the kernel redoes the batch (a mean far beyond the spread),
   * which must first turn the input back into NCHW ({@link BlockedEdge#toNchw}).
   */
  @Test
  void blockedInputAgainstDl4j() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    for (double mean : new double[] {0.5, 1000.0}) {
      int n = 3;
      int c = 32;
      int h = 5;
      int w = 6;
      String where = "blocked " + n + "x" + c + "x" + h + "x" + w + " mean " + mean + ": ";
      Nd4j.getRandom().setSeed(5);
      BlockedPair pair = blockedPair(c, h, w);
      BatchNormalization reference = pair.reference();
      BatchNormalization ours = pair.ours();
      BlockedEdge edge = pair.edge();
      INDArray x = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w).muli(mean > 1 ? 0.01 : 2.0).addi(mean));
      INDArray eps = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w));
      LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
      reference.setInput(x, mgr);
      INDArray expectedOut = reference.activate(true, mgr).dup();
      Pair<Gradient, INDArray> expected = reference.backpropGradient(eps, mgr);
      INDArray blocked = toBlocked(x.castTo(DataType.FLOAT));
      edge.wroteActivation(blocked, true);
      ours.setInput(blocked, mgr);
      INDArray actualOut = ours.activate(true, mgr).dup();
      Pair<Gradient, INDArray> actual = ours.backpropGradient(eps.castTo(DataType.FLOAT), mgr);
      INDArray dx = actual.getSecond();
      assertEquals(mean < 1, edge.isBlockedGradient(dx), where + "input gradient in nChw16c exactly on oneDNN");
      if (edge.isBlockedGradient(dx)) {
        BlockedEdge.toNchw(dx);
      } else {
        assertClose(where + "input turned back into NCHW", x, blocked, 0);
      }
      assertClose(where + "output", expectedOut, actualOut, 1e-4);
      assertClose(where + "input gradient", expected.getSecond(), dx, 1e-4);
      for (String p : new String[] {"gamma", "beta"}) {
        assertClose(where + p + " gradient", expected.getFirst().getGradientFor(p), actual.getFirst().getGradientFor(p),
            1e-4);
      }
    }
  }

  /**
   * Inference on a blocked input (a stream at inference, {@link BlockedEdge}): the batch-norm primitive
   * with the running statistics, against DL4J's layer in double; the output NCHW (the edge is closed
   * outside a graph's workspaces). Fails when the primitive reads the input as NCHW.
   */
  @Test
  void blockedInputInferenceAgainstDl4j() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    int c = 48;
    for (int[] plane : new int[][] {{5, 6}, {1, 1}}) {
      String where = "inference, blocked 4x" + c + "x" + plane[0] + "x" + plane[1] + ": ";
      Nd4j.getRandom().setSeed(9);
      BlockedPair pair = blockedPair(c, plane[0], plane[1]);
      BatchNormalization reference = pair.reference();
      BatchNormalization ours = pair.ours();
      BlockedEdge edge = pair.edge();
      INDArray x = floats(Nd4j.randn(DataType.DOUBLE, 4, c, plane[0], plane[1]).muli(2.0).addi(0.7));
      LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
      reference.setInput(x, mgr);
      INDArray expected = reference.activate(false, mgr).dup();
      INDArray blocked = toBlocked(x.castTo(DataType.FLOAT));
      edge.wroteActivation(blocked, false);
      ours.setInput(blocked, mgr);
      assertClose(where + "output", expected, ours.activate(false, mgr).dup(), 1e-5);
    }
  }

  /** DL4J's layer in double without helpers, and ours in float reading across an edge, with equal parameters. */
  private record BlockedPair(BatchNormalization reference, BatchNormalization ours, BlockedEdge edge) {}

  private static BlockedPair blockedPair(int c, int h, int w) {
    BatchNormalization reference = layer(DataType.DOUBLE, c, h, w, false);
    BatchNormalization ours = layer(DataType.FLOAT, c, h, w, false);
    setHelper(reference, null);
    HostBatchNormHelper helper = new HostBatchNormHelper(null, true);
    BlockedEdge edge = new BlockedEdge();
    helper.readsFrom(edge);
    setHelper(ours, helper);
    INDArray params = floats(Nd4j.rand(DataType.DOUBLE, reference.params().shape()).addi(0.5));
    reference.params().assign(params);
    ours.params().assign(params);
    return new BlockedPair(reference, ours, edge);
  }

  /** NCHW to oneDNN's {@code nChw16c}, in a new NCHW-shaped array (the inverse of {@link BlockedEdge#toNchw}). */
  static INDArray toBlocked(INDArray x) {
    long n = x.size(0);
    long c = x.size(1);
    long h = x.size(2);
    long w = x.size(3);
    // A whole array, not a view: what a convolution's helper writes (a view would make the helper decline).
    return x.reshape('c', n, c / 16, 16, h, w).permute(0, 1, 3, 4, 2).dup('c').reshape('c', n, c, h, w).dup('c');
  }

  private static void compareFused(int n, int c, int h, int w, boolean dnnl, double mean, double spread) {
    String where = n + "x" + c + "x" + h + "x" + w + (dnnl ? " oneDNN" : " kernel") + " mean " + mean + ": ";
    Nd4j.getRandom().setSeed(n * 31L + c);
    BatchNormalization reference = layer(DataType.DOUBLE, c, h, w, false);
    BatchNormalization ours = layer(DataType.FLOAT, c, h, w, false);
    setHelper(reference, null);
    HostBatchNormHelper helper = new HostBatchNormHelper(null, dnnl);
    helper.fuseRelu();
    setHelper(ours, helper);
    INDArray params = floats(Nd4j.rand(DataType.DOUBLE, reference.params().shape()).addi(0.5));
    reference.params().assign(params);
    ours.params().assign(params);
    reference.getParam("beta").assign(Nd4j.randn(DataType.DOUBLE, 1, c).castTo(DataType.FLOAT));
    ours.getParam("beta").assign(reference.getParam("beta"));
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    INDArray x = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w).muli(spread).addi(mean));
    INDArray eps = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w));
    reference.setInput(x, mgr);
    INDArray normalised = reference.activate(true, mgr).dup();
    INDArray positive = normalised.gt(0).castTo(DataType.DOUBLE);
    Pair<Gradient, INDArray> expected = reference.backpropGradient(eps.mul(positive), mgr);
    // Our layer's activations in a workspace, as in a training step: it fuses only there (feedForward's
    // activations are scoped out of workspaces, and the user gets the batch norm's own output).
    LayerWorkspaceMgr step = LayerWorkspaceMgr.builder()
        .with(ArrayType.ACTIVATIONS, "HostBatchNormHelperTest", WorkspaceConfiguration.builder().build())
        .defaultNoWorkspace().build();
    INDArray actualOut;
    Pair<Gradient, INDArray> actual;
    try (MemoryWorkspace ignored = step.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
      ours.setInput(x.castTo(DataType.FLOAT), step);
      INDArray out = ours.activate(true, step);
      assertTrue(helper.wroteRectified(out), where + "the output is marked as rectified");
      actualOut = out.detach();
      actual = ours.backpropGradient(eps.castTo(DataType.FLOAT), step);
    }
    assertClose(where + "output", normalised.mul(positive), actualOut, 1e-4);
    assertClose(where + "input gradient", expected.getSecond(), actual.getSecond(), 1e-4);
    for (String p : new String[] {"gamma", "beta"}) {
      assertClose(where + p + " gradient", expected.getFirst().getGradientFor(p), actual.getFirst().getGradientFor(p),
          1e-4);
    }
    // Outside a workspace (feedForward) and at inference it never fuses: DL4J's batch norm as it is.
    ours.setInput(x.castTo(DataType.FLOAT), mgr);
    assertTrue(!helper.wroteRectified(ours.activate(true, mgr)), where + "feedForward's output marked as rectified");
    reference.setInput(x, mgr);
    ours.setInput(x.castTo(DataType.FLOAT), mgr);
    INDArray inference = ours.activate(false, mgr);
    assertTrue(!helper.wroteRectified(inference), where + "inference output marked as rectified");
    assertClose(where + "inference output", reference.activate(false, mgr), inference, 1e-4);
  }

  private static void compare(int n, int c, int h, int w, boolean lock, long seed) {
    compare(n, c, h, w, lock, seed, 0.5, 2.0);
  }

  private static void compare(int n, int c, int h, int w, boolean lock, long seed, double mean, double spread) {
    String where = n + "x" + c + "x" + h + "x" + w + (lock ? " locked" : "") + " mean " + mean + ": ";
    Nd4j.getRandom().setSeed(seed);
    BatchNormalization reference = layer(DataType.DOUBLE, c, h, w, lock);
    BatchNormalization ours = layer(DataType.FLOAT, c, h, w, lock);
    setHelper(reference, null);
    setHelper(ours, new HostBatchNormHelper(null, true));
    INDArray params = floats(Nd4j.rand(DataType.DOUBLE, reference.params().shape()).addi(0.5));
    reference.params().assign(params);
    ours.params().assign(params);
    // The running variance (or log10 std) starts as DL4J initialises it, so inference stays meaningful.
    for (String p : RUNNING) {
      if (reference.paramTable().containsKey(p)) {
        INDArray init = p.equals("log10stdev") ? Nd4j.zeros(DataType.DOUBLE, 1, c) : Nd4j.ones(DataType.DOUBLE, 1, c);
        reference.getParam(p).assign(init);
        ours.getParam(p).assign(init);
      }
    }
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    for (int step = 0; step < 3; step++) {
      String at = where + "step " + step + ", ";
      INDArray x = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w).muli(spread).addi(mean));
      INDArray eps = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w));
      reference.setInput(x, mgr);
      INDArray expectedOut = reference.activate(true, mgr).dup();
      Pair<Gradient, INDArray> expected = reference.backpropGradient(eps, mgr);
      ours.setInput(x.castTo(DataType.FLOAT), mgr);
      INDArray actualOut = ours.activate(true, mgr).dup();
      Pair<Gradient, INDArray> actual = ours.backpropGradient(eps.castTo(DataType.FLOAT), mgr);
      assertClose(at + "output", expectedOut, actualOut, 1e-4);
      assertClose(at + "input gradient", expected.getSecond(), actual.getSecond(), 1e-4);
      for (String p : reference.paramTable().keySet()) {
        INDArray e = expected.getFirst().getGradientFor(p);
        INDArray a = actual.getFirst().getGradientFor(p);
        assertEquals(e == null, a == null, at + p + " gradient present");
        if (e != null) {
          assertClose(at + p + " gradient", e, a, 1e-4);
          // What DL4J's updater does with these: the running statistics' step is the gradient itself.
          double lr = isRunning(p) ? 1 : 0.1;
          reference.getParam(p).subi(e.mul(lr));
          ours.getParam(p).subi(a.mul(lr).castTo(DataType.FLOAT));
        }
      }
    }
    INDArray x = floats(Nd4j.randn(DataType.DOUBLE, n, c, h, w).muli(spread).addi(mean));
    reference.setInput(x, mgr);
    ours.setInput(x.castTo(DataType.FLOAT), mgr);
    assertClose(where + "inference output", reference.activate(false, mgr), ours.activate(false, mgr), 1e-4);
  }

  private static boolean isRunning(String p) {
    for (String r : RUNNING) {
      if (r.equals(p)) {
        return true;
      }
    }
    return false;
  }

  private static INDArray floats(INDArray a) {
    return a.castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
  }

  private static BatchNormalization layer(DataType type, int c, int h, int w, boolean lock) {
    NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type)
        .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nIn(c).nOut(c).eps(1e-5)
            .decay(0.9).lockGammaBeta(lock).gamma(1.5).beta(-0.25).build())
        .build();
    conf.getLayer().setNIn(InputType.convolutional(h, w, c), true);
    long params = conf.getLayer().initializer().numParams(conf);
    BatchNormalization layer = (BatchNormalization) conf.getLayer().instantiate(conf, null, 0,
        Nd4j.create(type, 1, params), true, type);
    layer.setBackpropGradientsViewArray(Nd4j.create(type, 1, params));
    return layer;
  }

  /** Puts {@code helper} into the layer's (package-private) helper slot; null for DL4J's own code. */
  static void setHelper(BatchNormalization layer, Object helper) {
    try {
      Field field = BatchNormalization.class.getDeclaredField("helper");
      field.setAccessible(true);
      field.set(layer, helper);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
