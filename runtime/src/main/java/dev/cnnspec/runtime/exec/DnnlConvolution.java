package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_auto;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three oneDNN 2.5.2 convolution primitives of one layer at one input shape (forward, backward
 * data, backward weights + bias), made once and executed on every step with the ND4J arrays' memory
 * passed as handles. Arrays are NCHW float, C-contiguous; weights DL4J's {@code [O, I, kH, kW]}.
 *
 * <p>With {@link Layout#PLAIN} the primitives read and write those arrays directly; with
 * {@link Layout#ANY} oneDNN picks its preferred (blocked) layouts and every call reorders into and out
 * of them, as PyTorch's ideep does (measured against each other in {@code DnnlConvBench}); the blocked
 * copies live in the thread's scratch buffer ({@link Dnnl#scratch}) for the length of one call. Native
 * objects are freed by {@link #close()}; the helper closes what it evicts.
 */
final class DnnlConvolution implements AutoCloseable {
  enum Layout { PLAIN, ANY }

  /** Shape and geometry of one call; paddings are oneDNN's left/right (right may be negative). */
  record Geometry(long n, long c, long h, long w, long o, long kh, long kw, long sh, long sw, long dh, long dw,
      long padTop, long padLeft, long padBottom, long padRight, long oh, long ow, boolean bias) {
    Geometry withBias(boolean withBias) {
      return withBias == bias ? this : new Geometry(n, c, h, w, o, kh, kw, sh, sw, dh, dw, padTop, padLeft, padBottom,
          padRight, oh, ow, withBias);
    }
  }

  private final Geometry g;
  private final List<Runnable> frees = new ArrayList<>();
  /**
   * Each pass's steps by which of its activations (or their gradients) are in {@code nChw16c} rather
   * than NCHW: bit 0 the input side's, bit 1 the output side's ({@link BlockedEdge}).
   */
  private final DnnlStep[] forward = new DnnlStep[4];
  private final DnnlStep[] backwardData = new DnnlStep[4];
  private final DnnlStep[] backwardWeights = new DnnlStep[4];
  private dnnl_primitive_desc backwardDataDesc;
  private dnnl_primitive_desc backwardWeightsDesc;
  private final dnnl_primitive_desc forwardDesc;
  private final int algorithm;
  private final Layout layout;

  DnnlConvolution(Geometry g, boolean direct, Layout layout) {
    this.g = g;
    this.algorithm = direct ? dnnl_convolution_direct : dnnl_convolution_auto;
    this.layout = layout;
    dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
    Dnnl.check(dnnl_dilated_convolution_forward_desc_init(fd, dnnl_forward_training, algorithm, md(src(), dnnl_nchw),
        md(weights(), dnnl_oihw), g.bias ? md(new long[] {g.o}, dnnl_x) : null, md(dst(), dnnl_nchw), strides(),
        dilates(), padL(), padR()), "convolution forward desc " + g);
    // The forward descriptor is the backward passes' hint even where this object runs no forward pass.
    forwardDesc = primitiveDesc(fd, null);
  }

  /** {@code out = conv(input, weights) + bias}, into a C-contiguous {@code [N, O, oH, oW]} array. */
  void forward(INDArray input, INDArray weights, INDArray bias, INDArray out) {
    forward(input, weights, bias, out, false, false);
  }

  /**
   * With {@code blockedIn} / {@code blockedOut}, {@code input} / {@code out} hold their values in
   * oneDNN's {@code nChw16c} layout instead of NCHW (same size when the channels are a multiple of 16):
   * between this and a batch norm that takes that layout too ({@link BlockedEdge}), sparing a reorder
   * on each side.
   */
  void forward(INDArray input, INDArray weights, INDArray bias, INDArray out, boolean blockedIn, boolean blockedOut) {
    int v = (blockedIn ? 1 : 0) + (blockedOut ? 2 : 0);
    if (forward[v] == null) {
      DnnlStep step = new DnnlStep(forwardDesc, frees, "convolution");
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, src(), blockedIn ? dnnl_nChw16c : dnnl_nchw);
      step.in(DNNL_ARG_WEIGHTS, dnnl_query_weights_md, weights(), dnnl_oihw);
      if (g.bias) {
        step.plain(DNNL_ARG_BIAS, new long[] {g.o}, dnnl_x);
      }
      step.out(DNNL_ARG_DST, dnnl_query_dst_md, dst(), blockedOut ? dnnl_nChw16c : dnnl_nchw);
      forward[v] = step;
    }
    forward[v].run(input, weights, g.bias ? bias : null, out);
  }

  /** The input gradient of {@code delta} (the gradient at the pre-activation) into {@code inputGrad}. */
  void backwardData(INDArray weights, INDArray delta, INDArray inputGrad) {
    backwardData(weights, delta, inputGrad, false, false);
  }

  /** With {@code blockedDelta} / {@code blockedInputGrad}, that array is in {@code nChw16c} (see {@link #forward}). */
  void backwardData(INDArray weights, INDArray delta, INDArray inputGrad, boolean blockedDelta,
      boolean blockedInputGrad) {
    int v = (blockedInputGrad ? 1 : 0) + (blockedDelta ? 2 : 0);
    if (backwardData[v] == null) {
      if (backwardDataDesc == null) {
        dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
        Dnnl.check(dnnl_dilated_convolution_backward_data_desc_init(d, algorithm, md(src(), dnnl_nchw),
            md(weights(), dnnl_oihw), md(dst(), dnnl_nchw), strides(), dilates(), padL(), padR()),
            "convolution backward data desc " + g);
        backwardDataDesc = primitiveDesc(d, forwardDesc);
      }
      DnnlStep step = new DnnlStep(backwardDataDesc, frees, "convolution");
      step.in(DNNL_ARG_WEIGHTS, dnnl_query_weights_md, weights(), dnnl_oihw);
      step.in(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, dst(), blockedDelta ? dnnl_nChw16c : dnnl_nchw);
      step.out(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, src(), blockedInputGrad ? dnnl_nChw16c : dnnl_nchw);
      backwardData[v] = step;
    }
    backwardData[v].run(weights, delta, inputGrad);
  }

  /** Weight (and, with a bias, bias) gradients, overwriting {@code weightGrad} / {@code biasGrad}. */
  void backwardWeights(INDArray input, INDArray delta, INDArray weightGrad, INDArray biasGrad) {
    backwardWeights(input, delta, weightGrad, biasGrad, false, false);
  }

  /** With {@code blockedInput} / {@code blockedDelta}, that array is in {@code nChw16c} (see {@link #forward}). */
  void backwardWeights(INDArray input, INDArray delta, INDArray weightGrad, INDArray biasGrad, boolean blockedInput,
      boolean blockedDelta) {
    int v = (blockedInput ? 1 : 0) + (blockedDelta ? 2 : 0);
    if (backwardWeights[v] == null) {
      if (backwardWeightsDesc == null) {
        dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
        Dnnl.check(dnnl_dilated_convolution_backward_weights_desc_init(d, algorithm, md(src(), dnnl_nchw),
            md(weights(), dnnl_oihw), g.bias ? md(new long[] {g.o}, dnnl_x) : null, md(dst(), dnnl_nchw),
            strides(), dilates(), padL(), padR()), "convolution backward weights desc " + g);
        backwardWeightsDesc = primitiveDesc(d, forwardDesc);
      }
      DnnlStep step = new DnnlStep(backwardWeightsDesc, frees, "convolution");
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, src(), blockedInput ? dnnl_nChw16c : dnnl_nchw);
      step.in(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, dst(), blockedDelta ? dnnl_nChw16c : dnnl_nchw);
      step.out(DNNL_ARG_DIFF_WEIGHTS, dnnl_query_diff_weights_md, weights(), dnnl_oihw);
      if (g.bias) {
        step.plain(DNNL_ARG_DIFF_BIAS, new long[] {g.o}, dnnl_x);
      }
      backwardWeights[v] = step;
    }
    backwardWeights[v].run(input, delta, weightGrad, g.bias ? biasGrad : null);
  }

  /** Whether the primitives run in oneDNN's own (blocked) layouts, where nChw16c activations spare reorders. */
  boolean blockedLayouts() {
    return layout == Layout.ANY;
  }

  /** oneDNN's implementation names, e.g. "fwd jit:avx512_common bwd_d … bwd_w …", for the benchmark. */
  String implementations() {
    StringBuilder s = new StringBuilder("fwd ").append(impl(forwardDesc));
    if (backwardDataDesc != null) {
      s.append(" bwd_d ").append(impl(backwardDataDesc));
    }
    if (backwardWeightsDesc != null) {
      s.append(" bwd_w ").append(impl(backwardWeightsDesc));
    }
    return s.toString();
  }

  Geometry geometry() {
    return g;
  }

  /** Same algorithm and layout (the geometry is the caller's). */
  boolean sameChoice(DnnlConvolution other) {
    return algorithm == other.algorithm && layout == other.layout;
  }

  @Override
  public void close() {
    DnnlStep.free(frees);
  }

  private long[] src() {
    return new long[] {g.n, g.c, g.h, g.w};
  }

  private long[] weights() {
    return new long[] {g.o, g.c, g.kh, g.kw};
  }

  private long[] dst() {
    return new long[] {g.n, g.o, g.oh, g.ow};
  }

  private long[] strides() {
    return new long[] {g.sh, g.sw};
  }

  /** oneDNN counts dilation from 0 (DL4J's dilation 1 is oneDNN's 0). */
  private long[] dilates() {
    return new long[] {g.dh - 1, g.dw - 1};
  }

  private long[] padL() {
    return new long[] {g.padTop, g.padLeft};
  }

  private long[] padR() {
    return new long[] {g.padBottom, g.padRight};
  }

  /** A descriptor for an operation: the plain tag, or "any" (oneDNN chooses) for 4-D arrays under ANY. */
  private dnnl_memory_desc_t md(long[] dims, int plainTag) {
    return DnnlStep.md(dims, layout == Layout.ANY && dims.length == 4 ? dnnl_format_tag_any : plainTag, frees);
  }

  private dnnl_primitive_desc primitiveDesc(dnnl_convolution_desc_t desc, dnnl_primitive_desc hint) {
    return DnnlStep.primitiveDesc(desc, Dnnl.userScratchpad(), hint, frees, "convolution " + g);
  }

  private static String impl(dnnl_primitive_desc pd) {
    PointerPointer<BytePointer> out = new PointerPointer<>(1);
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, out);
    String name = out.get(BytePointer.class, 0).getString();
    out.close();
    return name;
  }
}
