package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward_data;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward_weights;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_auto;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

import dev.cnnspec.runtime.exec.Dnnl.Address;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
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
  private Step forward;
  private Step backwardData;
  private Step backwardWeights;
  private final dnnl_primitive_desc forwardDesc;
  private final dnnl_convolution_desc_t[] descs = new dnnl_convolution_desc_t[3];
  private final int algorithm;
  private final Layout layout;

  DnnlConvolution(Geometry g, boolean direct, Layout layout) {
    this.g = g;
    this.algorithm = direct ? dnnl_convolution_direct : dnnl_convolution_auto;
    this.layout = layout;
    dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
    descs[0] = fd;
    Dnnl.check(dnnl_dilated_convolution_forward_desc_init(fd, dnnl_forward_training, algorithm, md(src(), dnnl_nchw),
        md(weights(), dnnl_oihw), g.bias ? md(new long[] {g.o}, dnnl_x) : null, md(dst(), dnnl_nchw), strides(),
        dilates(), padL(), padR()), "convolution forward desc " + g);
    // The forward descriptor is the backward passes' hint even where this object runs no forward pass.
    forwardDesc = primitiveDesc(fd, null);
  }

  /** {@code out = conv(input, weights) + bias}, into a C-contiguous {@code [N, O, oH, oW]} array. */
  void forward(INDArray input, INDArray weights, INDArray bias, INDArray out) {
    if (forward == null) {
      Step step = new Step(forwardDesc);
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, src(), dnnl_nchw);
      step.in(DNNL_ARG_WEIGHTS, dnnl_query_weights_md, weights(), dnnl_oihw);
      if (g.bias) {
        step.plain(DNNL_ARG_BIAS, new long[] {g.o}, dnnl_x);
      }
      step.out(DNNL_ARG_DST, dnnl_query_dst_md, dst(), dnnl_nchw);
      forward = step;
    }
    forward.run(input, weights, g.bias ? bias : null, out);
  }

  /** The input gradient of {@code delta} (the gradient at the pre-activation) into {@code inputGrad}. */
  void backwardData(INDArray weights, INDArray delta, INDArray inputGrad) {
    if (backwardData == null) {
      dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
      descs[1] = d;
      Dnnl.check(dnnl_dilated_convolution_backward_data_desc_init(d, algorithm, md(src(), dnnl_nchw),
          md(weights(), dnnl_oihw), md(dst(), dnnl_nchw), strides(), dilates(), padL(), padR()),
          "convolution backward data desc " + g);
      Step step = new Step(primitiveDesc(d, forwardDesc));
      step.in(DNNL_ARG_WEIGHTS, dnnl_query_weights_md, weights(), dnnl_oihw);
      step.in(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, dst(), dnnl_nchw);
      step.out(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, src(), dnnl_nchw);
      backwardData = step;
    }
    backwardData.run(weights, delta, inputGrad);
  }

  /** Weight (and, with a bias, bias) gradients, overwriting {@code weightGrad} / {@code biasGrad}. */
  void backwardWeights(INDArray input, INDArray delta, INDArray weightGrad, INDArray biasGrad) {
    if (backwardWeights == null) {
      dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
      descs[2] = d;
      Dnnl.check(dnnl_dilated_convolution_backward_weights_desc_init(d, algorithm, md(src(), dnnl_nchw),
          md(weights(), dnnl_oihw), g.bias ? md(new long[] {g.o}, dnnl_x) : null, md(dst(), dnnl_nchw), strides(),
          dilates(), padL(), padR()), "convolution backward weights desc " + g);
      Step step = new Step(primitiveDesc(d, forwardDesc));
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, src(), dnnl_nchw);
      step.in(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, dst(), dnnl_nchw);
      step.out(DNNL_ARG_DIFF_WEIGHTS, dnnl_query_diff_weights_md, weights(), dnnl_oihw);
      if (g.bias) {
        step.plain(DNNL_ARG_DIFF_BIAS, new long[] {g.o}, dnnl_x);
      }
      backwardWeights = step;
    }
    backwardWeights.run(input, delta, weightGrad, g.bias ? biasGrad : null);
  }

  /** oneDNN's implementation names, e.g. "fwd jit:avx512_common bwd_d … bwd_w …", for the benchmark. */
  String implementations() {
    StringBuilder s = new StringBuilder("fwd ").append(impl(forwardDesc));
    if (backwardData != null) {
      s.append(" bwd_d ").append(impl(backwardData.desc));
    }
    if (backwardWeights != null) {
      s.append(" bwd_w ").append(impl(backwardWeights.desc));
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
    for (int i = frees.size() - 1; i >= 0; i--) {
      frees.get(i).run();
    }
    frees.clear();
    for (dnnl_convolution_desc_t d : descs) {
      if (d != null) {
        d.close();
      }
    }
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
    dnnl_memory_desc_t md = new dnnl_memory_desc_t();
    int tag = layout == Layout.ANY && dims.length == 4 ? dnnl_format_tag_any : plainTag;
    Dnnl.check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "memory desc");
    frees.add(md::close);
    return md;
  }

  private dnnl_primitive_desc primitiveDesc(dnnl_convolution_desc_t desc, dnnl_primitive_desc hint) {
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    Dnnl.check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), Dnnl.userScratchpad(), Dnnl.engine(),
        hint),
        "convolution primitive desc " + g);
    frees.add(() -> dnnl_primitive_desc_destroy(pd));
    return pd;
  }

  private dnnl_primitive primitive(dnnl_primitive_desc pd) {
    dnnl_primitive p = new dnnl_primitive();
    Dnnl.check(dnnl_primitive_create(p, pd), "primitive");
    frees.add(() -> dnnl_primitive_destroy(p));
    return p;
  }

  private dnnl_memory memory(dnnl_memory_desc_t md, Address handle) {
    dnnl_memory m = new dnnl_memory();
    Dnnl.check(dnnl_memory_create(m, md, Dnnl.engine(), handle), "memory");
    frees.add(() -> dnnl_memory_destroy(m));
    return m;
  }

  private static String impl(dnnl_primitive_desc pd) {
    PointerPointer<BytePointer> out = new PointerPointer<>(1);
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, out);
    String name = out.get(BytePointer.class, 0).getString();
    out.close();
    return name;
  }

  /**
   * One primitive and its arguments in order: a user array per argument (its handle set each call),
   * and where the primitive wants another layout, a copy in the thread's scratch buffer with a
   * reorder before (inputs) or after (outputs) the primitive; the primitive's own scratchpad sits in
   * that buffer too.
   */
  private final class Step {
    final dnnl_primitive_desc desc;
    final dnnl_primitive primitive;
    final List<dnnl_memory> user = new ArrayList<>();
    final List<Address> handles = new ArrayList<>();
    final List<dnnl_memory> internal = new ArrayList<>();
    final List<dnnl_primitive> reorders = new ArrayList<>();
    final List<Boolean> isInput = new ArrayList<>();
    /** Where each blocked copy sits in the thread's scratch buffer; null for arrays used as they are. */
    final List<Long> innerOffset = new ArrayList<>();
    final Address innerHandle = new Address();
    long scratchBytes;
    final dnnl_exec_arg_t args;
    final dnnl_exec_arg_t reorderArgs = new dnnl_exec_arg_t(2);
    int count;

    Step(dnnl_primitive_desc desc) {
      this.desc = desc;
      this.primitive = primitive(desc);
      this.args = new dnnl_exec_arg_t(5);
      frees.add(args::close);
      frees.add(reorderArgs::close);
      dnnl_memory_desc_t pad = dnnl_primitive_desc_query_md(desc, dnnl_query_scratchpad_md, 0);
      long padBytes = pad == null || pad.isNull() ? 0 : dnnl_memory_desc_get_size(pad);
      if (padBytes > 0) {
        scratchpad = memory(pad, null);
        scratchpadOffset = scratchBytes;
        scratchBytes += (padBytes + 63) & ~63L;
      }
    }

    /** The primitive's scratchpad (user mode), executed as one more argument; null when it needs none. */
    dnnl_memory scratchpad;
    long scratchpadOffset;

    void in(int arg, int query, long[] dims, int tag) {
      add(arg, query, dims, tag, true);
    }

    void out(int arg, int query, long[] dims, int tag) {
      add(arg, query, dims, tag, false);
    }

    void plain(int arg, long[] dims, int tag) {
      dnnl_memory_desc_t md = new dnnl_memory_desc_t();
      Dnnl.check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "memory desc");
      frees.add(md::close);
      innerOffset.add(null);
      register(arg, md, null, null, true);
    }

    private void add(int arg, int query, long[] dims, int tag, boolean input) {
      dnnl_memory_desc_t userMd = new dnnl_memory_desc_t();
      Dnnl.check(dnnl_memory_desc_init_by_tag(userMd, dims.length, dims, dnnl_f32, tag), "memory desc");
      frees.add(userMd::close);
      dnnl_memory_desc_t wanted = dnnl_primitive_desc_query_md(desc, query, 0);
      if (dnnl_memory_desc_equal(userMd, wanted) != 0) {
        innerOffset.add(null);
        register(arg, userMd, null, null, input);
        return;
      }
      dnnl_memory inner = memory(wanted, null);
      innerOffset.add(scratchBytes);
      scratchBytes += (dnnl_memory_desc_get_size(wanted) + 63) & ~63L;
      dnnl_primitive_desc rd = new dnnl_primitive_desc();
      Dnnl.check(input
          ? dnnl_reorder_primitive_desc_create(rd, userMd, Dnnl.engine(), wanted, Dnnl.engine(), null)
          : dnnl_reorder_primitive_desc_create(rd, wanted, Dnnl.engine(), userMd, Dnnl.engine(), null),
          "reorder desc");
      frees.add(() -> dnnl_primitive_desc_destroy(rd));
      register(arg, userMd, inner, primitive(rd), input);
    }

    private void register(int arg, dnnl_memory_desc_t userMd, dnnl_memory inner, dnnl_primitive reorder,
        boolean input) {
      user.add(memory(userMd, null));
      handles.add(new Address());
      internal.add(inner);
      reorders.add(reorder);
      isInput.add(input);
      args.position(count).arg(arg).memory(inner != null ? inner : user.get(count));
      count++;
      args.position(0);
    }

    /** The arrays in the order the arguments were added; nulls (an absent bias) are skipped. */
    void run(INDArray... arrays) {
      var stream = Dnnl.stream();
      int i = 0;
      for (INDArray array : arrays) {
        if (array != null) {
          Dnnl.check(dnnl_memory_set_data_handle(user.get(i), handles.get(i).of(array)), "set handle");
          i++;
        }
      }
      if (i != count) {
        throw new IllegalArgumentException(count + " arrays expected, " + i + " given");
      }
      int argCount = count;
      if (scratchBytes > 0) {
        long base = Dnnl.scratch(scratchBytes);
        if (scratchpad != null) {
          Dnnl.check(dnnl_memory_set_data_handle(scratchpad, innerHandle.at(base + scratchpadOffset)),
              "set scratchpad handle");
          args.position(count).arg(DNNL_ARG_SCRATCHPAD).memory(scratchpad);
          argCount++;
        }
        for (i = 0; i < count; i++) {
          if (innerOffset.get(i) != null) {
            Dnnl.check(dnnl_memory_set_data_handle(internal.get(i), innerHandle.at(base + innerOffset.get(i))),
                "set scratch handle");
          }
        }
      }
      for (i = 0; i < count; i++) {
        if (reorders.get(i) != null && isInput.get(i)) {
          reorder(reorders.get(i), user.get(i), internal.get(i), stream);
        }
      }
      Dnnl.check(dnnl_primitive_execute(primitive, stream, argCount, args.position(0)), "convolution execute");
      for (i = 0; i < count; i++) {
        if (reorders.get(i) != null && !isInput.get(i)) {
          reorder(reorders.get(i), internal.get(i), user.get(i), stream);
        }
      }
      Dnnl.check(dnnl_stream_wait(stream), "stream wait");
    }

    private void reorder(dnnl_primitive r, dnnl_memory from, dnnl_memory to, dnnl_stream stream) {
      reorderArgs.position(0).arg(DNNL_ARG_FROM).memory(from);
      reorderArgs.position(1).arg(DNNL_ARG_TO).memory(to);
      Dnnl.check(dnnl_primitive_execute(r, stream, 2, reorderArgs.position(0)), "reorder execute");
    }
  }
}
