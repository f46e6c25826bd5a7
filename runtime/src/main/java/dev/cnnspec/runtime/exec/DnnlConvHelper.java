package dev.cnnspec.runtime.exec;

import dev.cnnspec.runtime.exec.DnnlConvolution.Geometry;
import dev.cnnspec.runtime.exec.DnnlConvolution.Layout;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast path's convolution helper: 2-D convolution forward, backward data and backward weights
 * (+ bias) on oneDNN 2.5.2 called directly ({@link DnnlConvolution}) instead of libnd4j's
 * {@code conv2d} / {@code conv2d_bp}. libnd4j M2.1 bundles oneDNN 2.3.0 and always asks for
 * {@code convolution_auto} in plain NCHW, so on an AVX-512 CPU a 3×3 backward pass runs Winograd
 * with reorders of every activation around it; here the algorithm and layouts are chosen per shape
 * from what {@code bench/dnnl-conv} measured (see {@link #choose}), from the shape alone (never by
 * timing candidates, which would make a run's float rounding depend on the machine's load).
 *
 * <p>DL4J's semantics are kept: the layer still computes the activation and its backward pass, and
 * hands this helper the pre-activation gradient; padding is DL4J's (same mode: top/left as
 * {@code ConvolutionUtils.getSameModeTopLeftPadding}, the rest bottom/right); no-bias layers get no bias
 * term or gradient. Anything else — not NCHW float, causal mode, padding DL4J did not compute as above,
 * oneDNN absent — goes to the helper the layer had. Where the layer is the only reader
 * of a network input, no input gradient is computed (as {@link InputConvHelper}, which is then the
 * fallback).
 *
 * <p>Paired with a batch norm on either side ({@link BlockedEdge}, by {@link GraphTuning}), it writes its
 * output, reads its input and the gradients between them in oneDNN's {@code nChw16c} layout, sparing
 * the reorders each call made around its primitives; where it must hand such an array to its fallback
 * it turns it back into NCHW first.
 *
 * <p>Primitives are made once per input shape and kept (a few shapes per layer: training and a smaller
 * last batch or inference batch); an evicted shape's native objects are freed.
 */
final class DnnlConvHelper implements ConvolutionHelper {
  private final ConvolutionHelper fallback;
  private final boolean hasBias;
  private final boolean inputGradient;
  private final ShapeCache<Geometry, Plan> plans = new ShapeCache<>(4, Plan::close);
  /** To the batch norm that alone reads this layer, when both take oneDNN's blocked layout ({@link GraphTuning}). */
  private BlockedEdge outEdge;
  /** From what this layer alone reads (a batch norm and its fused ReLU; at inference also a residual stream), likewise. */
  private BlockedEdge inEdge;

  DnnlConvHelper(ConvolutionHelper fallback, boolean hasBias, boolean inputGradient) {
    this.fallback = fallback;
    this.hasBias = hasBias;
    this.inputGradient = inputGradient;
  }

  /**
   * Puts this helper into the layer's (private) helper slot, over the one it had, wrapped in
   * {@link InputConvHelper} when the layer reads a network input alone. False when DL4J's field is not
   * there (the graph then keeps DL4J's helper).
   */
  static boolean install(ConvolutionLayer layer, boolean readsOnlyNetworkInput) {
    try {
      Field field = ConvolutionLayer.class.getDeclaredField("helper");
      field.setAccessible(true);
      Object before = field.get(layer);
      if (before == null || before instanceof DnnlConvHelper || before instanceof InputConvHelper) {
        return true;
      }
      ConvolutionHelper fallback = readsOnlyNetworkInput
          ? new InputConvHelper((ConvolutionHelper) before) : (ConvolutionHelper) before;
      boolean hasBias = layer.layerConf().hasBias();
      field.set(layer, Dnnl.available() ? new DnnlConvHelper(fallback, hasBias, !readsOnlyNetworkInput) : fallback);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The primitives for forward and for backward passes, by what {@code bench/dnnl-conv} measured on
   * this AVX-512 CPU at batch 256 (bench/README.md): 1×1 kernels, and a single input channel's forward
   * pass into more than 16 channels, run fastest as oneDNN's GEMM convolution on the plain arrays
   * (3.9× and 6.1× libnd4j's forward); a single input channel's weight gradient alone (a first layer,
   * {@code weightsOnly}) in oneDNN's blocked layouts (6–13×), its full backward pass on plain arrays;
   * everything else in the blocked layouts with reorders, by the direct kernels up to 16 input
   * channels (ResNet-20's 16-channel backward 4×) and by {@code auto} (Winograd for 3×3) above, where
   * Winograd's fewer multiplications outweigh its transforms.
   */
  static DnnlConvolution choose(Geometry g, boolean forward, boolean weightsOnly) {
    if (g.kh() == 1 && g.kw() == 1) {
      return new DnnlConvolution(g, true, Layout.PLAIN);
    }
    if (g.c() == 1) {
      boolean plain = forward ? g.o() > 16 : !weightsOnly;
      return new DnnlConvolution(g, true, plain ? Layout.PLAIN : Layout.ANY);
    }
    return new DnnlConvolution(g, g.c() <= 16, Layout.ANY);
  }

  /** The forward and backward primitives of one shape (one object where the choice is the same). */
  record Plan(DnnlConvolution forward, DnnlConvolution backward) implements AutoCloseable {
    static Plan of(Geometry g, boolean weightsOnly) {
      DnnlConvolution forward = choose(g, true, weightsOnly);
      DnnlConvolution backward = choose(g, false, weightsOnly);
      if (backward.sameChoice(forward)) {
        backward.close();
        backward = forward;
      }
      return new Plan(forward, backward);
    }

    @Override
    public void close() {
      forward.close();
      if (backward != forward) {
        backward.close();
      }
    }
  }

  /** From now on a training step's output goes to the batch norm across {@code edge}, blocked where it can. */
  void feeds(BlockedEdge edge) {
    this.outEdge = edge;
  }

  /** From now on this layer's input comes across {@code edge}, blocked where it was written so. */
  void readsFrom(BlockedEdge edge) {
    this.inEdge = edge;
  }

  /** The helper the layer had (for tests: the fast path really replaced oneDNN's helper). */
  ConvolutionHelper fallback() {
    return fallback;
  }

  boolean computesInputGradient() {
    return inputGradient;
  }

  @Override
  public synchronized INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
      int[] pad, AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    Geometry g = geometry(input, weights, kernel, strides, pad, dilation, convolutionMode, format);
    boolean blockedIn = inEdge != null && inEdge.isBlockedActivation(input);
    if (g == null) {
      if (blockedIn) {
        inEdge.unblock(input);
      }
      if (outEdge != null) {
        outEdge.wroteActivation(null, false);
      }
      return fallback == null ? null
          : fallback.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
              format, workspaceMgr);
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, g.n(), g.o(), g.oh(),
        g.ow());
    Plan plan = plan(g);
    boolean blocked = outEdge != null && BlockedEdge.fits(g.o()) && plan.forward().blockedLayouts()
        && outEdge.open(workspaceMgr);
    plan.forward().forward(contiguous(input), contiguous(weights),
        hasBias ? contiguous(bias) : null, out, blockedIn, blocked);
    if (outEdge != null) {
      outEdge.wroteActivation(blocked ? out : null, plan.backward().blockedLayouts());
    }
    return out;
  }

  @Override
  public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias,
      INDArray delta, int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
      IActivation afn, AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
      ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
    Geometry g = geometry(input, weights, kernel, strides, pad, dilation, convolutionMode, format);
    boolean blockedDelta = outEdge != null && outEdge.isBlockedGradient(delta);
    boolean blockedIn = inEdge != null && inEdge.isBlockedActivation(input);
    if (g == null || delta.dataType() != DataType.FLOAT
        || !Arrays.equals(delta.shape(), new long[] {g.n(), g.o(), g.oh(), g.ow()})) {
      if (blockedDelta) {
        outEdge.unblock(delta);
      }
      if (blockedIn) {
        inEdge.unblock(input);
      }
      return fallback == null ? null
          : fallback.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView,
              afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
    }
    DnnlConvolution conv = plan(g).backward();
    INDArray dy = contiguous(delta);
    INDArray inputGrad = null;
    if (inputGradient) {
      inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape());
      boolean blockedGrad = blockedIn && inEdge.wantsBlockedGradient();
      conv.backwardData(contiguous(weights), dy, inputGrad, blockedDelta, blockedGrad);
      if (inEdge != null) {
        inEdge.wroteGradient(blockedGrad ? inputGrad : null);
      }
    }
    INDArray dw = isContiguous(weightGradView) ? weightGradView : Nd4j.createUninitialized(DataType.FLOAT,
        weightGradView.shape());
    INDArray db = hasBias ? isContiguous(biasGradView) ? biasGradView
        : Nd4j.createUninitialized(DataType.FLOAT, biasGradView.shape()) : null;
    conv.backwardWeights(contiguous(input), dy, dw, db, blockedIn, blockedDelta);
    if (dw != weightGradView) {
      weightGradView.assign(dw);
    }
    Gradient gradient = new DefaultGradient();
    if (hasBias) {
      if (db != biasGradView) {
        biasGradView.assign(db);
      }
      gradient.gradientForVariable().put("b", biasGradView);
    }
    gradient.gradientForVariable().put("W", weightGradView);
    return new Pair<>(gradient, inputGrad);
  }

  /**
   * The call's geometry in oneDNN's terms, or null where this helper does not apply. Same mode puts
   * DL4J's top/left padding first and the remainder bottom/right; truncate and strict use the layer's
   * padding on the left and whatever of the right the last window reaches (possibly negative: rows no
   * window covers, which DL4J drops too).
   */
  static Geometry geometry(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad, int[] dilation,
      ConvolutionMode mode, CNN2DFormat format) {
    if (format != CNN2DFormat.NCHW || input.rank() != 4 || weights.rank() != 4 || input.dataType() != DataType.FLOAT
        || weights.dataType() != DataType.FLOAT || input.size(1) != weights.size(1)
        || weights.size(2) != kernel[0] || weights.size(3) != kernel[1]
        || !(mode == ConvolutionMode.Same || mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict)) {
      return null;
    }
    long[] out = new long[2];
    long[] before = new long[2];
    long[] after = new long[2];
    for (int axis = 0; axis < 2; axis++) {
      long in = input.size(2 + axis);
      long reach = (long) (kernel[axis] - 1) * dilation[axis] + 1;
      long s = strides[axis];
      if (mode == ConvolutionMode.Same) {
        out[axis] = (in + s - 1) / s;
        // DL4J's top/left padding, Java's division included (a total of −1, stride beyond the
        // kernel's reach, gives 0 and leaves one row no window reads).
        long total = (out[axis] - 1) * s + reach - in;
        if (total / 2 != pad[axis] || total / 2 < 0) {
          return null;
        }
        before[axis] = total / 2;
      } else {
        out[axis] = (in + 2L * pad[axis] - reach) / s + 1;
        before[axis] = pad[axis];
      }
      if (out[axis] < 1) {
        return null;
      }
      after[axis] = (out[axis] - 1) * s + reach - in - before[axis];
    }
    return new Geometry(input.size(0), input.size(1), input.size(2), input.size(3), weights.size(0), kernel[0],
        kernel[1], strides[0], strides[1], dilation[0], dilation[1], before[0], before[1], after[0], after[1], out[0],
        out[1], false);
  }

  private Plan plan(Geometry shape) {
    return plans.get(shape.withBias(hasBias), g -> Plan.of(g, !inputGradient));
  }

  /** Row-major without gaps, any offset (oneDNN gets the address of the first element). */
  static boolean isContiguous(INDArray a) {
    return HostKernels.denseC(a.shape(), a.stride());
  }

  private static INDArray contiguous(INDArray a) {
    return isContiguous(a) ? a : a.dup('c');
  }

  @Override
  public INDArray activate(INDArray z, IActivation afn, boolean training) {
    return fallback != null ? fallback.activate(z, afn, training) : afn.getActivation(z, training);
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return fallback == null ? Map.of() : fallback.helperMemoryUse();
  }

  @Override
  public boolean checkSupported() {
    return true;
  }
}
