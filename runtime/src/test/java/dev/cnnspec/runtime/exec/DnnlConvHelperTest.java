package dev.cnnspec.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnspec.runtime.exec.DnnlConvolution.Geometry;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlConvHelper} against DL4J's own {@code ConvolutionLayer} code (no helper: im2col and
 * GEMM, the independent oracle) on random layers: strides 1–2, same and truncate padding, kernels
 * 1/3/5, dilation 1–2, bias on and off, batch 1–4, channel counts that reach each of the helper's
 * choices (GEMM on plain arrays, direct and Winograd in oneDNN's layouts). Output, input gradient,
 * weight and bias gradients must agree to float precision; a fallback that must not be called
 * proves that the oneDNN path ran.
 */
class DnnlConvHelperTest {
  private static final double RELATIVE = 1e-4;

  @BeforeAll
  static void oneDnnAvailable() {
    assumeTrue(FastPath.active().isFast(), () -> "fast path unavailable: " + FastPath.active());
    assertTrue(Dnnl.available(), Dnnl::unavailableReason);
  }

  @Test
  void randomLayersAgreeWithDl4jsOwnConvolution() {
    Random random = new Random(20261201);
    int[] kernels = {1, 3, 5};
    int[] channels = {1, 2, 3, 5, 17, 24};
    Activation[] activations = {Activation.IDENTITY, Activation.RELU, Activation.TANH};
    for (int i = 0; i < 60; i++) {
      int k = kernels[random.nextInt(3)];
      int stride = 1 + random.nextInt(2);
      int dilation = k == 1 ? 1 : 1 + random.nextInt(2);
      boolean same = random.nextBoolean();
      int pad = same ? 0 : random.nextInt(3);
      int reach = (k - 1) * dilation + 1;
      int h = reach + random.nextInt(8);
      int w = reach + random.nextInt(8);
      int c = channels[random.nextInt(channels.length)];
      int o = 1 + random.nextInt(i % 5 == 0 ? 40 : 7);
      Spec spec = new Spec(1 + random.nextInt(4), c, o, h, w, k, stride, dilation, same, pad, random.nextBoolean(),
          activations[random.nextInt(3)], random.nextBoolean());
      compare(spec, random.nextLong());
    }
  }

  @Test
  void resnetAndLenetShapesAgree() {
    compare(new Spec(2, 16, 16, 32, 32, 3, 1, 1, true, 0, false, Activation.IDENTITY, true), 1);
    compare(new Spec(2, 32, 32, 16, 16, 3, 1, 1, true, 0, false, Activation.IDENTITY, true), 2);
    compare(new Spec(2, 16, 32, 32, 32, 3, 2, 1, true, 0, false, Activation.IDENTITY, true), 3);
    compare(new Spec(2, 16, 32, 32, 32, 1, 2, 1, true, 0, false, Activation.IDENTITY, true), 4);
    compare(new Spec(3, 1, 6, 32, 32, 5, 1, 1, false, 0, true, Activation.RELU, false), 5);
    compare(new Spec(3, 6, 16, 14, 14, 5, 1, 1, false, 0, true, Activation.RELU, true), 6);
  }

  /**
   * Primitives are made once per shape: many steps allocate no JavaCPP memory and do not grow the
   * thread's scratch buffer; closing frees all of the convolution's native objects.
   */
  @Test
  void stepsAllocateNoNativeMemoryAndCloseFreesIt() {
    Geometry g = new Geometry(4, 8, 12, 12, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 12, 12, true);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8, 12, 12);
    INDArray wt = Nd4j.rand(DataType.FLOAT, 8, 8, 3, 3);
    INDArray b = Nd4j.rand(DataType.FLOAT, 1, 8);
    INDArray y = Nd4j.create(DataType.FLOAT, 4, 8, 12, 12);
    INDArray dx = Nd4j.create(DataType.FLOAT, 4, 8, 12, 12);
    INDArray dw = Nd4j.create(DataType.FLOAT, 8, 8, 3, 3);
    INDArray db = Nd4j.create(DataType.FLOAT, 1, 8);
    long before = Pointer.totalBytes();
    DnnlConvolution conv = DnnlConvHelper.choose(g, false, false);
    conv.forward(x, wt, b, y);
    conv.backwardData(wt, y, dx);
    conv.backwardWeights(x, y, dw, db);
    long made = Pointer.totalBytes();
    long scratch = Dnnl.scratchBytes();
    assertTrue(scratch > 0, "8 channels run in oneDNN's blocked layouts, whose copies use the scratch buffer");
    for (int step = 0; step < 500; step++) {
      conv.forward(x, wt, b, y);
      conv.backwardData(wt, y, dx);
      conv.backwardWeights(x, y, dw, db);
    }
    assertEquals(made, Pointer.totalBytes(), "JavaCPP bytes after 500 steps");
    assertEquals(scratch, Dnnl.scratchBytes(), "scratch bytes after 500 steps");
    conv.close();
    assertEquals(before, Pointer.totalBytes(), "JavaCPP bytes after close");
  }

  record Spec(int n, int c, int o, int h, int w, int k, int stride, int dilation, boolean same, int pad, boolean bias,
      Activation activation, boolean inputGradient) {}

  private static void compare(Spec s, long seed) {
    NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(seed)
        .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(s.k, s.k).nIn(s.c).nOut(s.o)
            .stride(s.stride, s.stride).dilation(s.dilation, s.dilation).padding(s.pad, s.pad)
            .convolutionMode(s.same ? ConvolutionMode.Same : ConvolutionMode.Truncate).hasBias(s.bias)
            .activation(s.activation).build())
        .build();
    long numParams = conf.getLayer().initializer().numParams(conf);
    INDArray params = Nd4j.create(DataType.FLOAT, 1, numParams);
    ConvolutionLayer plain = layer(conf, params, numParams, null);
    ConvolutionLayer fast = layer(conf, params.dup(), numParams,
        new DnnlConvHelper(new MustNotBeCalled(s), s.bias, s.inputGradient));
    // after instantiate, which initialises the parameters it is given
    INDArray weights = Nd4j.rand(DataType.FLOAT, 1, numParams).subi(0.5);
    plain.setParams(weights);
    fast.setParams(weights.dup());

    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, s.n, s.c, s.h, s.w).subi(0.5);
    Pair<INDArray, Pair<Gradient, INDArray>> expected = run(plain, x);
    Pair<INDArray, Pair<Gradient, INDArray>> actual = run(fast, x);
    assertClose(expected.getFirst(), actual.getFirst(), s + " output");
    Map<String, INDArray> e = expected.getSecond().getFirst().gradientForVariable();
    Map<String, INDArray> a = actual.getSecond().getFirst().gradientForVariable();
    assertEquals(e.keySet(), a.keySet(), s + " gradient names");
    for (String name : e.keySet()) {
      assertClose(e.get(name), a.get(name), s + " gradient " + name);
    }
    if (s.inputGradient) {
      assertClose(expected.getSecond().getSecond(), actual.getSecond().getSecond(), s + " input gradient");
    } else {
      assertNull(actual.getSecond().getSecond(), s + " input gradient skipped");
    }
  }

  /** Forward (training) and backward with a fixed random output gradient; copies, since workspaces are off. */
  private static Pair<INDArray, Pair<Gradient, INDArray>> run(ConvolutionLayer layer, INDArray x) {
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    INDArray out = layer.activate(true, mgr).dup();
    Nd4j.getRandom().setSeed(99);
    INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5);
    Pair<Gradient, INDArray> back = layer.backpropGradient(eps, mgr);
    Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
    back.getFirst().gradientForVariable().forEach((k, v) -> copy.gradientForVariable().put(k, v.dup()));
    return new Pair<>(out, new Pair<>(copy, back.getSecond() == null ? null : back.getSecond().dup()));
  }

  private static ConvolutionLayer layer(NeuralNetConfiguration conf, INDArray params, long numParams,
      ConvolutionHelper helper) {
    ConvolutionLayer layer = (ConvolutionLayer) conf.getLayer().instantiate(conf, null, 0, params, true,
        DataType.FLOAT);
    layer.setBackpropGradientsViewArray(Nd4j.create(DataType.FLOAT, 1, numParams));
    try {
      Field field = ConvolutionLayer.class.getDeclaredField("helper");
      field.setAccessible(true);
      field.set(layer, helper);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return layer;
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    assertNotNull(actual, what);
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
    double worst = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(worst <= RELATIVE * scale, () -> what + ": max |difference| " + worst + " of max " + scale);
  }

  /** The fallback of the helper under test: reaching it means oneDNN did not run the case. */
  private record MustNotBeCalled(Spec spec) implements ConvolutionHelper {
    @Override
    public boolean checkSupported() {
      return true;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
        int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
        org.nd4j.linalg.activations.IActivation afn,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
        int[] dilation, org.deeplearning4j.nn.conf.CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
      throw new AssertionError("backward fell back for " + spec);
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo fwdAlgo, ConvolutionMode convolutionMode,
        int[] dilation, org.deeplearning4j.nn.conf.CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
      throw new AssertionError("forward fell back for " + spec);
    }

    @Override
    public INDArray activate(INDArray z, org.nd4j.linalg.activations.IActivation afn, boolean training) {
      return afn.getActivation(z, training);
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
      return Map.of();
    }
  }
}
