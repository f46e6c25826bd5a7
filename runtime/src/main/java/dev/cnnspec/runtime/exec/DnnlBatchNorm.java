package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

import dev.cnnspec.runtime.exec.Dnnl.Address;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN 2.5.2's {@code batch_normalization} primitives for one NCHW float shape (training forward
 * with the batch's statistics, its backward, inference with given statistics), made once and run on
 * every call with the ND4J arrays' memory passed as handles, on the plain NCHW layout (oneDNN's ncsp
 * kernel; no reorders) and per-channel {@code [C]} vectors for scale, shift, mean and variance. The
 * work runs on the process's one OpenMP team, the one libnd4j's and the convolutions' ops use, instead
 * of the fork/join pool {@link BatchNormKernel} splits its loops across.
 *
 * <p>The training forward writes the batch mean and the biased variance (without eps), which is what
 * DL4J folds into its running statistics; the backward reads them back and writes {@code diff_src} and
 * the scale and shift gradients. Native objects are freed by {@link #close()}.
 */
final class DnnlBatchNorm implements AutoCloseable {
  /** One call's shape and the layer's eps (part of the primitive's descriptor). */
  record Shape(long n, long c, long h, long w, float eps) {}

  /** oneDNN's layout tag for the primitive's 4-D data; other than NCHW, reorders run around it. */
  private final int layout;

  private final Shape shape;
  private final List<Runnable> frees = new ArrayList<>();
  private final dnnl_batch_normalization_desc_t[] descs = new dnnl_batch_normalization_desc_t[3];
  private final dnnl_primitive_desc trainingDesc;
  private Step training;
  private Step backward;
  private Step inference;

  /** In oneDNN's 16-channel blocked layout, whose JIT kernel beat the plain NCHW one 2-6x (DnnlBatchNormBench). */
  DnnlBatchNorm(Shape shape) {
    this(shape, dnnl_nChw16c);
  }

  DnnlBatchNorm(Shape shape, int layout) {
    this.shape = shape;
    this.layout = layout;
    descs[0] = new dnnl_batch_normalization_desc_t();
    Dnnl.check(dnnl_batch_normalization_forward_desc_init(descs[0], dnnl_forward_training, data(), shape.eps,
        dnnl_use_scale | dnnl_use_shift), "batch normalization forward desc " + shape);
    // The training forward is the backward's hint even before it first runs.
    trainingDesc = primitiveDesc(descs[0], null);
  }

  Shape shape() {
    return shape;
  }

  /**
   * {@code out = gamma·(x − mean)/√(var + eps) + beta} with the batch's statistics, which go into
   * {@code mean} and {@code var} ({@code [C]} each, C-contiguous).
   */
  void forwardTraining(INDArray x, INDArray gamma, INDArray beta, INDArray out, INDArray mean, INDArray var) {
    if (training == null) {
      training = new Step(trainingDesc, DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DST, DNNL_ARG_MEAN,
          DNNL_ARG_VARIANCE);
    }
    training.run(x, gamma, beta, out, mean, var);
  }

  /**
   * The backward of {@link #forwardTraining} with the statistics it wrote: the input gradient into
   * {@code dx}, and {@code dGamma = Σ dy·x̂}, {@code dBeta = Σ dy} per channel (overwritten).
   */
  void backward(INDArray x, INDArray dy, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray dx,
      INDArray dGamma, INDArray dBeta) {
    if (backward == null) {
      descs[1] = new dnnl_batch_normalization_desc_t();
      Dnnl.check(dnnl_batch_normalization_backward_desc_init(descs[1], dnnl_backward, data(), data(), shape.eps,
          dnnl_use_scale | dnnl_use_shift), "batch normalization backward desc " + shape);
      backward = new Step(primitiveDesc(descs[1], trainingDesc), DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_MEAN,
          DNNL_ARG_VARIANCE, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT);
    }
    backward.run(x, dy, mean, var, gamma, beta, dx, dGamma, dBeta);
  }

  /** {@code out = gamma·(x − mean)/√(var + eps) + beta} with the given (running) statistics. */
  void inference(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var, INDArray out) {
    if (inference == null) {
      descs[2] = new dnnl_batch_normalization_desc_t();
      Dnnl.check(dnnl_batch_normalization_forward_desc_init(descs[2], dnnl_forward_inference, data(), shape.eps,
          dnnl_use_scale | dnnl_use_shift | dnnl_use_global_stats), "batch normalization inference desc " + shape);
      inference = new Step(primitiveDesc(descs[2], null), DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT,
          DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DST);
    }
    inference.run(x, gamma, beta, mean, var, out);
  }

  @Override
  public void close() {
    for (int i = frees.size() - 1; i >= 0; i--) {
      frees.get(i).run();
    }
    frees.clear();
    for (dnnl_batch_normalization_desc_t d : descs) {
      if (d != null) {
        d.close();
      }
    }
  }

  /** The primitive's view of the 4-D data. */
  private dnnl_memory_desc_t data() {
    return md(new long[] {shape.n, shape.c, shape.h, shape.w}, layout);
  }

  /** The caller's 4-D arrays: NCHW. */
  private dnnl_memory_desc_t user() {
    return md(new long[] {shape.n, shape.c, shape.h, shape.w}, dnnl_nchw);
  }

  private dnnl_memory_desc_t md(long[] dims, int tag) {
    dnnl_memory_desc_t md = new dnnl_memory_desc_t();
    Dnnl.check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "memory desc");
    frees.add(md::close);
    return md;
  }

  private dnnl_primitive_desc primitiveDesc(dnnl_batch_normalization_desc_t desc, dnnl_primitive_desc hint) {
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    Dnnl.check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), Dnnl.userScratchpad(), Dnnl.engine(),
        hint), "batch normalization primitive desc " + shape);
    frees.add(() -> dnnl_primitive_desc_destroy(pd));
    return pd;
  }

  private dnnl_memory memory(dnnl_memory_desc_t md) {
    dnnl_memory m = new dnnl_memory();
    Dnnl.check(dnnl_memory_create(m, md, Dnnl.engine(), (Address) null), "memory");
    frees.add(() -> dnnl_memory_destroy(m));
    return m;
  }

  /**
   * One primitive and its arguments: per argument a memory object over the caller's array (the 4-D
   * data or a {@code [C]} vector), whose handle is set on each call; the primitive's scratchpad comes
   * from the thread's {@link Dnnl#scratch} buffer.
   */
  private final class Step {
    final dnnl_primitive primitive;
    final int[] argIds;
    final dnnl_memory[] memories;
    final Address[] handles;
    final dnnl_exec_arg_t args;
    final dnnl_memory scratchpad;
    final long scratchpadBytes;
    final Address scratchHandle = new Address();
    /** Per argument: the copy in the primitive's layout (null where the array is used as it is). */
    final dnnl_memory[] inner;
    final dnnl_primitive[] reorders;
    final boolean[] input;
    /** Where each copy sits in the scratch buffer after the scratchpad. */
    final long[] innerOffset;
    final long innerBytes;
    final dnnl_exec_arg_t reorderArgs = new dnnl_exec_arg_t(2);

    Step(dnnl_primitive_desc pd, int... argIds) {
      dnnl_primitive p = new dnnl_primitive();
      Dnnl.check(dnnl_primitive_create(p, pd), "batch normalization primitive " + shape);
      frees.add(() -> dnnl_primitive_destroy(p));
      primitive = p;
      this.argIds = argIds;
      memories = new dnnl_memory[argIds.length];
      handles = new Address[argIds.length];
      inner = new dnnl_memory[argIds.length];
      reorders = new dnnl_primitive[argIds.length];
      input = new boolean[argIds.length];
      innerOffset = new long[argIds.length];
      args = new dnnl_exec_arg_t(argIds.length + 1);
      frees.add(args::close);
      frees.add(reorderArgs::close);
      long bytes = 0;
      for (int i = 0; i < argIds.length; i++) {
        int id = argIds[i];
        boolean data = id == DNNL_ARG_SRC || id == DNNL_ARG_DST || id == DNNL_ARG_DIFF_DST || id == DNNL_ARG_DIFF_SRC;
        input[i] = id == DNNL_ARG_SRC || id == DNNL_ARG_DIFF_DST;
        memories[i] = memory(data ? user() : md(new long[] {shape.c}, dnnl_x));
        handles[i] = new Address();
        if (data && layout != dnnl_nchw) {
          dnnl_memory_desc_t wanted = data();
          inner[i] = memory(wanted);
          innerOffset[i] = bytes;
          bytes += (dnnl_memory_desc_get_size(wanted) + 63) & ~63L;
          dnnl_primitive_desc rd = new dnnl_primitive_desc();
          Dnnl.check(input[i]
              ? dnnl_reorder_primitive_desc_create(rd, user(), Dnnl.engine(), wanted, Dnnl.engine(), null)
              : dnnl_reorder_primitive_desc_create(rd, wanted, Dnnl.engine(), user(), Dnnl.engine(), null),
              "reorder desc");
          frees.add(() -> dnnl_primitive_desc_destroy(rd));
          dnnl_primitive r = new dnnl_primitive();
          Dnnl.check(dnnl_primitive_create(r, rd), "reorder primitive");
          frees.add(() -> dnnl_primitive_destroy(r));
          reorders[i] = r;
        }
        args.position(i).arg(id).memory(inner[i] != null ? inner[i] : memories[i]);
      }
      innerBytes = bytes;
      dnnl_memory_desc_t pad = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
      scratchpadBytes = pad == null || pad.isNull() ? 0 : (dnnl_memory_desc_get_size(pad) + 63) & ~63L;
      scratchpad = scratchpadBytes > 0 ? memory(pad) : null;
      if (scratchpad != null) {
        args.position(argIds.length).arg(DNNL_ARG_SCRATCHPAD).memory(scratchpad);
      }
      args.position(0);
    }

    /** The arrays in the order of the argument ids; each C-contiguous float. */
    void run(INDArray... arrays) {
      for (int i = 0; i < arrays.length; i++) {
        Dnnl.check(dnnl_memory_set_data_handle(memories[i], handles[i].of(arrays[i])), "set handle");
      }
      long base = Dnnl.scratch(scratchpadBytes + innerBytes);
      if (scratchpad != null) {
        Dnnl.check(dnnl_memory_set_data_handle(scratchpad, scratchHandle.at(base)), "set scratchpad handle");
      }
      for (int i = 0; i < argIds.length; i++) {
        if (inner[i] != null) {
          Dnnl.check(dnnl_memory_set_data_handle(inner[i], scratchHandle.at(base + scratchpadBytes + innerOffset[i])),
              "set scratch handle");
        }
      }
      var stream = Dnnl.stream();
      for (int i = 0; i < argIds.length; i++) {
        if (inner[i] != null && input[i]) {
          reorder(reorders[i], memories[i], inner[i], stream);
        }
      }
      int count = argIds.length + (scratchpad != null ? 1 : 0);
      Dnnl.check(dnnl_primitive_execute(primitive, stream, count, args.position(0)),
          "batch normalization execute " + shape);
      for (int i = 0; i < argIds.length; i++) {
        if (inner[i] != null && !input[i]) {
          reorder(reorders[i], inner[i], memories[i], stream);
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
