package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_add;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_mul;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_sub;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_binary;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_fuse_norm_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN 2.5.2's {@code batch_normalization} primitives for one NCHW float shape (training forward
 * with the batch's statistics, its backward, inference with given statistics), made once and run on
 * every call with the ND4J arrays' memory passed as handles ({@link DnnlStep}): by default in oneDNN's
 * 16-channel blocked layout, the NCHW arrays reordered in and out around the primitive, with
 * per-channel {@code [C]} vectors for scale, shift, mean and variance. The work runs on the process's one OpenMP team, the one libnd4j's and the convolutions' ops use, instead
 * of the fork/join pool {@link BatchNormKernel} splits its loops across.
 *
 * <p>The training forward writes the batch mean and the biased variance (without eps), which is what
 * DL4J folds into its running statistics; the backward reads them back and writes {@code diff_src} and
 * the scale and shift gradients. Native objects are freed by {@link #close()}.
 */
final class DnnlBatchNorm implements AutoCloseable {
  /**
   * One call's shape and the layer's eps (part of the primitive's descriptor); {@code relu}: the
   * training forward writes {@code max(0, ·)} of the normalised values and keeps which were positive
   * (oneDNN's {@code fuse_norm_relu}, one bit per value in its workspace), and the backward takes the
   * ReLU's gradient first, so that a ReLU layer after the batch norm can pass its arrays through.
   */
  record Shape(long n, long c, long h, long w, float eps, boolean relu) {
    Shape(long n, long c, long h, long w, float eps) {
      this(n, c, h, w, eps, false);
    }
  }

  /** oneDNN's layout tag for the primitive's 4-D data; other than NCHW, reorders run around it. */
  private final int layout;

  private final Shape shape;
  private final List<Runnable> frees = new ArrayList<>();
  private final dnnl_primitive_desc trainingDesc;
  /**
   * The steps by which arrays are in {@code nChw16c} (along a {@link BlockedEdge}; no reorder between
   * them and the primitive's own layout): training, bit 0 the input, bit 1 the output; backward, bit 0
   * the input, bit 1 the input gradient written, bit 2 the output's gradient read.
   */
  private final DnnlStep[] training = new DnnlStep[4];
  private final DnnlStep[] backward = new DnnlStep[8];
  private dnnl_primitive_desc backwardDesc;
  /** The binary inference ({@link #inference}); bit 0: the input in {@code nChw16c}; bit 1: the output. */
  private final DnnlStep[] inference = new DnnlStep[4];
  /** The primitive's inference with running statistics ({@link #inferenceGlobal}), bits likewise. */
  private final DnnlStep[] globalStats = new DnnlStep[4];
  private dnnl_primitive_desc globalStatsDesc;
  /** With {@code relu}: the training forward's workspace (which values were positive), read by the backward. */
  private INDArray reluMask;

  /** In oneDNN's 16-channel blocked layout, whose JIT kernel beat the plain NCHW one 2-6x (DnnlBatchNormBench). */
  DnnlBatchNorm(Shape shape) {
    this(shape, dnnl_nChw16c);
  }

  DnnlBatchNorm(Shape shape, int layout) {
    this.shape = shape;
    this.layout = layout;
    dnnl_batch_normalization_desc_t desc = new dnnl_batch_normalization_desc_t();
    Dnnl.check(dnnl_batch_normalization_forward_desc_init(desc, dnnl_forward_training, data(), shape.eps,
        flags()), "batch normalization forward desc " + shape);
    // The training forward is the backward's hint even before it first runs.
    trainingDesc = primitiveDesc(desc, Dnnl.userScratchpad(), null);
  }

  Shape shape() {
    return shape;
  }

  /**
   * {@code out = gamma·(x − mean)/√(var + eps) + beta} with the batch's statistics, which go into
   * {@code mean} and {@code var} ({@code [C]} each, C-contiguous).
   */
  void forwardTraining(INDArray x, INDArray gamma, INDArray beta, INDArray out, INDArray mean, INDArray var) {
    forwardTraining(x, gamma, beta, out, mean, var, false, false);
  }

  /** With {@code blockedX} / {@code blockedOut}, that array holds its values in {@code nChw16c} ({@link BlockedEdge}). */
  void forwardTraining(INDArray x, INDArray gamma, INDArray beta, INDArray out, INDArray mean, INDArray var,
      boolean blockedX, boolean blockedOut) {
    int v = (blockedX ? 1 : 0) + (blockedOut ? 2 : 0);
    if (training[v] == null) {
      DnnlStep step = step(trainingDesc);
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, dims(), blockedX ? dnnl_nChw16c : dnnl_nchw);
      step.plain(DNNL_ARG_SCALE, channels(), dnnl_x);
      step.plain(DNNL_ARG_SHIFT, channels(), dnnl_x);
      step.out(DNNL_ARG_DST, dnnl_query_dst_md, dims(), blockedOut ? dnnl_nChw16c : dnnl_nchw);
      step.plain(DNNL_ARG_MEAN, channels(), dnnl_x);
      step.plain(DNNL_ARG_VARIANCE, channels(), dnnl_x);
      if (shape.relu) {
        step.opaque(DNNL_ARG_WORKSPACE, dnnl_query_workspace_md);
        if (reluMask == null) {
          try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            reluMask = Nd4j.createUninitializedDetached(DataType.BYTE, step.bytes(dnnl_query_workspace_md));
          }
        }
      }
      training[v] = step;
    }
    training[v].run(x, gamma, beta, out, mean, var, reluMask);
  }

  /**
   * The backward of {@link #forwardTraining} with the statistics it wrote: the input gradient into
   * {@code dx}, and {@code dGamma = Σ dy·x̂}, {@code dBeta = Σ dy} per channel (overwritten).
   */
  void backward(INDArray x, INDArray dy, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray dx,
      INDArray dGamma, INDArray dBeta) {
    backward(x, dy, mean, var, gamma, beta, dx, dGamma, dBeta, false, false, false);
  }

  /** With {@code blockedX}, {@code blockedDy}, {@code blockedDx}: that array is in {@code nChw16c}. */
  void backward(INDArray x, INDArray dy, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray dx,
      INDArray dGamma, INDArray dBeta, boolean blockedX, boolean blockedDy, boolean blockedDx) {
    int v = (blockedX ? 1 : 0) + (blockedDx ? 2 : 0) + (blockedDy ? 4 : 0);
    if (backward[v] == null) {
      if (backwardDesc == null) {
        dnnl_batch_normalization_desc_t desc = new dnnl_batch_normalization_desc_t();
        Dnnl.check(dnnl_batch_normalization_backward_desc_init(desc, dnnl_backward, data(), data(), shape.eps,
            flags()), "batch normalization backward desc " + shape);
        backwardDesc = primitiveDesc(desc, Dnnl.userScratchpad(), trainingDesc);
      }
      DnnlStep step = step(backwardDesc);
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, dims(), blockedX ? dnnl_nChw16c : dnnl_nchw);
      step.in(DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, dims(), blockedDy ? dnnl_nChw16c : dnnl_nchw);
      step.plain(DNNL_ARG_MEAN, channels(), dnnl_x);
      step.plain(DNNL_ARG_VARIANCE, channels(), dnnl_x);
      step.plain(DNNL_ARG_SCALE, channels(), dnnl_x);
      step.plain(DNNL_ARG_SHIFT, channels(), dnnl_x);
      step.out(DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, dims(), blockedDx ? dnnl_nChw16c : dnnl_nchw);
      step.plain(DNNL_ARG_DIFF_SCALE, channels(), dnnl_x);
      step.plain(DNNL_ARG_DIFF_SHIFT, channels(), dnnl_x);
      if (shape.relu) {
        step.opaque(DNNL_ARG_WORKSPACE, dnnl_query_workspace_md);
      }
      backward[v] = step;
    }
    backward[v].run(x, dy, mean, var, gamma, beta, dx, dGamma, dBeta, reluMask);
  }

  /**
   * {@code out = (x − mean)·k + beta} with the given (running) statistics, {@code k = gamma/√(var + eps)}
   * per channel (worked out by the caller, {@code [C]} like the others): oneDNN's {@code binary}
   * subtraction with the multiplication and the addition as post-ops, on the plain NCHW arrays in one
   * pass. The batch-norm primitive's inference would reorder to and from the blocked layout around its
   * kernel, three passes over the activation where a scale and a shift need one (ResNet-20's inference
   * batch norm: 133 µs per image against PyTorch's 20, {@code bench/README.md}).
   */
  void inference(INDArray x, INDArray mean, INDArray k, INDArray beta, INDArray out) {
    inference(x, mean, k, beta, out, false, false);
  }

  /**
   * With {@code blockedX} / {@code blockedOut}, that array is in {@code nChw16c} ({@link BlockedEdge}); the
   * pass runs in the input's layout, the output reordered where its layout differs. The helper takes a
   * blocked input to {@link #inferenceGlobal} instead; {@code DnnlBatchNormBench} times the two.
   */
  void inference(INDArray x, INDArray mean, INDArray k, INDArray beta, INDArray out, boolean blockedX,
      boolean blockedOut) {
    int v = (blockedX ? 1 : 0) + (blockedOut ? 2 : 0);
    if (inference[v] == null) {
      int tag = blockedX ? dnnl_nChw16c : dnnl_nchw;
      long[] vector = {1, shape.c, 1, 1};
      dnnl_binary_desc_t desc = new dnnl_binary_desc_t();
      Dnnl.check(dnnl_binary_desc_init(desc, dnnl_binary_sub, DnnlStep.md(dims(), tag, frees),
          DnnlStep.md(vector, tag, frees), DnnlStep.md(dims(), tag, frees)),
          "batch normalization inference (binary) desc " + shape);
      dnnl_post_ops ops = new dnnl_post_ops();
      Dnnl.check(dnnl_post_ops_create(ops), "post ops");
      frees.add(() -> dnnl_post_ops_destroy(ops));
      Dnnl.check(dnnl_post_ops_append_binary(ops, dnnl_binary_mul, DnnlStep.md(vector, tag, frees)), "post op");
      Dnnl.check(dnnl_post_ops_append_binary(ops, dnnl_binary_add, DnnlStep.md(vector, tag, frees)), "post op");
      dnnl_primitive_attr attr = new dnnl_primitive_attr();
      Dnnl.check(dnnl_primitive_attr_create(attr), "attr");
      frees.add(() -> dnnl_primitive_attr_destroy(attr));
      Dnnl.check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode");
      Dnnl.check(dnnl_primitive_attr_set_post_ops(attr, ops), "post ops");
      DnnlStep step = step(primitiveDesc(desc, attr, null));
      step.plain(DNNL_ARG_SRC_0, dims(), tag);
      step.plain(DNNL_ARG_SRC_1, vector, tag);
      step.plain(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | DNNL_ARG_SRC_1, vector, tag);
      step.plain(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * 2 | DNNL_ARG_SRC_1, vector, tag);
      step.out(DNNL_ARG_DST, dnnl_query_dst_md, dims(), blockedOut ? dnnl_nChw16c : dnnl_nchw);
      inference[v] = step;
    }
    inference[v].run(x, mean, k, beta, out);
  }

  /**
   * {@code out = gamma·(x − mean)/√(var + eps) + beta} with the given (running) statistics by the
   * batch-norm primitive itself ({@code use_global_stats}), in its layout, reordering an array held in
   * another. For an input in {@code nChw16c} (a blocked edge at inference) this is the fast one: wall µs
   * per image, blocked in and out, batch 256, against {@link #inference}'s binary: 16×32×32 1.5 vs 3.5,
   * 32×16×16 0.75 vs 1.75, 64×8×8 0.39 vs 0.89 (PyTorch's NCHW batch norm: 1.46, 0.46, 0.26). From NCHW
   * the primitive would reorder around its kernel, and the binary is faster (7.3 vs 3.6 at 16×32×32).
   */
  void inferenceGlobal(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray out,
      boolean blockedX, boolean blockedOut) {
    int v = (blockedX ? 1 : 0) + (blockedOut ? 2 : 0);
    if (globalStats[v] == null) {
      if (globalStatsDesc == null) {
        dnnl_batch_normalization_desc_t desc = new dnnl_batch_normalization_desc_t();
        Dnnl.check(dnnl_batch_normalization_forward_desc_init(desc, dnnl_forward_inference, data(), shape.eps,
            dnnl_use_scale | dnnl_use_shift | dnnl_use_global_stats), "batch normalization inference desc " + shape);
        globalStatsDesc = primitiveDesc(desc, Dnnl.userScratchpad(), null);
      }
      DnnlStep step = step(globalStatsDesc);
      step.in(DNNL_ARG_SRC, dnnl_query_src_md, dims(), blockedX ? dnnl_nChw16c : dnnl_nchw);
      step.plain(DNNL_ARG_MEAN, channels(), dnnl_x);
      step.plain(DNNL_ARG_VARIANCE, channels(), dnnl_x);
      step.plain(DNNL_ARG_SCALE, channels(), dnnl_x);
      step.plain(DNNL_ARG_SHIFT, channels(), dnnl_x);
      step.out(DNNL_ARG_DST, dnnl_query_dst_md, dims(), blockedOut ? dnnl_nChw16c : dnnl_nchw);
      globalStats[v] = step;
    }
    globalStats[v].run(x, mean, var, gamma, beta, out);
  }

  @Override
  public void close() {
    DnnlStep.free(frees);
  }

  private int flags() {
    return dnnl_use_scale | dnnl_use_shift | (shape.relu ? dnnl_fuse_norm_relu : 0);
  }

  /** The primitive's view of the 4-D data. */
  private dnnl_memory_desc_t data() {
    return DnnlStep.md(dims(), layout, frees);
  }

  private long[] dims() {
    return new long[] {shape.n, shape.c, shape.h, shape.w};
  }

  private long[] channels() {
    return new long[] {shape.c};
  }

  private DnnlStep step(dnnl_primitive_desc pd) {
    return new DnnlStep(pd, frees, "batch normalization " + shape);
  }

  private dnnl_primitive_desc primitiveDesc(Pointer desc, dnnl_primitive_attr attr, dnnl_primitive_desc hint) {
    return DnnlStep.primitiveDesc(desc, attr, hint, frees, "batch normalization " + shape);
  }

}
