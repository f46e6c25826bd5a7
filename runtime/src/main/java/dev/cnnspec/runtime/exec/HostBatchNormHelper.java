package dev.cnnspec.runtime.exec;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import dev.cnnspec.runtime.layers.ReluKernel;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's batch-norm helper slot filled for NCHW float activations with {@link DnnlBatchNorm} (oneDNN
 * 2.5.2 on the OpenMP team) where oneDNN is there, and {@link BatchNormKernel} (Java loops) where it is
 * not or where oneDNN's float statistics would lose precision (see {@link #PRECISE_RATIO}); anything
 * else (NHWC, rank 2, double, views) goes to the helper the layer had (oneDNN's) or, when there was
 * none, back to the layer's own code (a null return). The layer itself — parameters, running
 * statistics (which it updates from {@link #getMeanCache} / {@link #getVarCache}), the gradient
 * bookkeeping — stays DL4J's, exactly as with the oneDNN helper this replaces.
 *
 * <p>On the fast path {@link GraphTuning} may also make it apply the ReLU layer that alone reads it
 * ({@link #fuseRelu}, {@link FusedReluLayer}) and pair it with the convolutions on either side
 * ({@link BlockedEdge}: activations and gradients in oneDNN's {@code nChw16c} between them). Both happen
 * only inside the graph's own workspaces; every path that cannot take them (the Java kernel, DL4J's
 * helper, a shape oneDNN does not take here) first turns such an array back into NCHW, or masks the
 * gradient itself.
 */
final class HostBatchNormHelper implements BatchNormalizationHelper, RectifiedSource {
  /**
   * Largest |mean| / std of a channel for which oneDNN's training statistics are kept. oneDNN sums the
   * values in float without a shift, so the mean's error grows with the mean against the spread; past
   * this ratio the layer's batch is redone by {@link BatchNormKernel}, which sums from a per-channel
   * shift ({@code HostBatchNormHelperTest} measures the error on both sides of it).
   */
  static final double PRECISE_RATIO = 30;

  private enum Path { FALLBACK, KERNEL, DNNL }

  private final BatchNormalizationHelper fallback;
  private final boolean dnnl;
  private final ShapeCache<DnnlBatchNorm.Shape, DnnlBatchNorm> primitives = new ShapeCache<>(4, DnnlBatchNorm::close);
  /** Which path the last training forward took; its statistics are that path's. */
  private Path last = Path.FALLBACK;
  private BatchNormKernel.Statistics stats;
  private DnnlBatchNorm lastPrimitive;
  /** oneDNN's batch statistics, {@code [C]}, outside workspaces, rewritten by each training forward. */
  private INDArray batchMean;
  private INDArray batchVar;
  /** Whether a training forward also applies the ReLU layer that reads this batch norm alone ({@link FusedReluLayer}). */
  private boolean fuseRelu;
  /** Whether a listener reads the training step's activations (no fusion then). */
  private ForwardWatch watch = ForwardWatch.NONE;
  /** The last training forward's output when it applied the ReLU, else null. */
  private INDArray fusedOut;
  /** From the convolution that alone feeds this layer, or from a stream at inference ({@link GraphTuning}). */
  private BlockedEdge inEdge;
  /** To this layer's readers (through its fused ReLU, if any), likewise. */
  private BlockedEdge outEdge;
  /** Whether the last training forward read its input in {@code nChw16c} (so its backward reads it so too). */
  private boolean inputBlocked;
  /** Whether the last training forward wrote its (rectified) output in {@code nChw16c}. */
  private boolean outputBlocked;
  /** Inference's per-channel {@code gamma/√(var + eps)}, outside workspaces, rewritten by each call. */
  private INDArray scale;

  /**
   * On oneDNN where it is available, unless {@code -Dcnnspec.batchnorm=kernel} keeps the Java kernel
   * (for A/B measurements of the two, {@code bench/README.md}).
   */
  HostBatchNormHelper(BatchNormalizationHelper fallback) {
    this(fallback, !"kernel".equals(System.getProperty("cnnspec.batchnorm")) && Dnnl.available());
  }

  HostBatchNormHelper(BatchNormalizationHelper fallback, boolean useDnnl) {
    this.fallback = fallback;
    this.dnnl = useDnnl;
  }

  /**
   * From now on a training forward writes {@code max(0, ·)} of its output (oneDNN's fused ReLU, or the
   * kernel's output rectified in place) and its backward takes the ReLU's gradient first: for a batch
   * norm whose only reader is a plain ReLU layer, which then passes the arrays through ({@link
   * FusedReluLayer}, installed with this by {@link GraphTuning}).
   */
  void fuseRelu() {
    fuseRelu(ForwardWatch.NONE);
  }

  /** As {@link #fuseRelu()}, except in training steps that a listener of the graph watches. */
  void fuseRelu(ForwardWatch watch) {
    fuseRelu = true;
    this.watch = watch;
  }

  /** From now on this layer reads its input across {@code edge}, blocked where it was written so. */
  void readsFrom(BlockedEdge edge) {
    this.inEdge = edge;
  }

  /**
   * From now on this layer's output (rectified, when a ReLU layer is fused into it) goes on across
   * {@code edge} in oneDNN's blocked layout: at inference always, in training steps on an edge that
   * carries them (not {@link BlockedEdge#BlockedEdge(ForwardWatch, boolean) inference-only}) and with the
   * ReLU fused.
   */
  void feeds(BlockedEdge edge) {
    this.outEdge = edge;
  }

  /** The ReLU layer after this one rectified {@code from} into {@code to} (at inference): the mark moves on. */
  @Override
  public void passedActivation(INDArray from, INDArray to) {
    if (outEdge != null && outEdge.isBlockedActivation(from)) {
      outEdge.wroteActivation(to, false);
    }
  }

  /** The fused ReLU layer after this one copied the gradient {@code from} into {@code to}. */
  @Override
  public void passedGradient(INDArray from, INDArray to) {
    if (outEdge != null) {
      outEdge.passedGradient(from, to);
    }
  }

  /** Whether this layer runs on oneDNN where it can (the only way it reads or writes a {@link BlockedEdge} blocked). */
  boolean onDnnl() {
    return dnnl;
  }

  @Override
  public boolean wroteRectified(INDArray x) {
    return fusedOut != null && x == fusedOut;
  }

  private static boolean applies(INDArray x, CNN2DFormat format) {
    return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT
        && HostKernels.applies(x);
  }

  /** gamma, beta, mean, var as oneDNN takes them: {@code C} contiguous floats each. */
  private static boolean vectors(long c, INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a == null || a.dataType() != DataType.FLOAT || a.length() != c || !DnnlConvHelper.isContiguous(a)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
      INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (training) {
      fusedOut = null;
      inputBlocked = false;
      outputBlocked = false;
    }
    if (outEdge != null) {
      outEdge.wroteActivation(null, false);
    }
    boolean applies = applies(x, format);
    long c = applies ? x.size(1) : 0;
    // oneDNN 2.5.2's binary primitive broadcasts the per-channel vectors wrongly over a batch of 1×1
    // planes (N > 1: values off by the size of the shift; HostBatchNormHelperTest's 2×64×1×1 case), so
    // inference takes a 1×1 plane elsewhere.
    boolean onDnnl = applies && dnnl
        && (training ? vectors(c, gamma, beta)
            : x.size(2) * x.size(3) > 1 && vectors(c, gamma, beta, globalMean, globalVar));
    boolean blocked = inEdge != null && inEdge.isBlockedActivation(x);
    if (blocked && !onDnnl) {
      inEdge.unblock(x);
      blocked = false;
    }
    // Without oneDNN 2.5.2, inference goes to DL4J's oneDNN helper where there is one: with the global
    // statistics it is a single scale and shift, and oneDNN's was 1.2x faster than the kernel's on
    // ResNet-20's inference (SpeedBench, alternating runs).
    if (!applies || !training && !onDnnl && fallback != null) {
      if (training) {
        last = Path.FALLBACK;
      }
      return fallback == null ? null
          : fallback.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
    // Only in the graph's own workspaces: what feedForward hands the user is the batch norm's output.
    boolean fused = training && fuseRelu && watch.unseen(workspaceMgr);
    if (onDnnl) {
      // Inference never applies the ReLU (it shares the primitives object of the training forward).
      DnnlBatchNorm primitive = primitive(x, eps, training ? fused : fuseRelu);
      if (!training) {
        // The ReLU layer after it rectifies element by element, in whatever layout (FusedReluLayer).
        boolean blockedOut = outEdge != null && BlockedEdge.fits(c) && outEdge.open(workspaceMgr, false);
        if (blocked) {
          // From nChw16c the batch-norm primitive itself is one pass, 2.3x the binary's speed at each of
          // ResNet-20's three shapes, blocked in and out (bench/README); from NCHW the binary is faster.
          primitive.inferenceGlobal(x, globalMean, globalVar, gamma, beta, out, true, blockedOut);
        } else {
          primitive.inference(x, globalMean, inferenceScale(gamma, globalVar, eps), beta, out, false, blockedOut);
        }
        if (blockedOut) {
          outEdge.wroteActivation(out, false);
        }
        return out;
      }
      statistics((int) c);
      // The rectified output goes on blocked only in a training step, to a convolution that takes it.
      boolean blockedOut = fused && outEdge != null && BlockedEdge.fits(c) && outEdge.open(workspaceMgr, true);
      primitive.forwardTraining(x, gamma, beta, out, batchMean, batchVar, blocked, blockedOut);
      if (precise(batchMean.toFloatVector(), batchVar.toFloatVector(), eps)) {
        last = Path.DNNL;
        lastPrimitive = primitive;
        inputBlocked = blocked;
        outputBlocked = blockedOut;
        fusedOut = fused ? out : null;
        if (blockedOut) {
          outEdge.wroteActivation(out, true);
        }
        return out;
      }
      if (blocked) {
        inEdge.unblock(x);
      }
    }
    int n = (int) x.size(0);
    int plane = (int) (x.size(2) * x.size(3));
    float[] g = floats(gamma);
    float[] b = floats(beta);
    if (training) {
      last = Path.KERNEL;
      stats = new BatchNormKernel.Statistics((int) c);
      BatchNormKernel.forwardTraining(x.data().asNioFloat(), out.data().asNioFloat(), n, (int) c, plane, g, b, eps,
          stats);
      if (fused) {
        ReluKernel.forward(out, out);
        fusedOut = out;
      }
    } else {
      BatchNormKernel.forwardInference(x.data().asNioFloat(), out.data().asNioFloat(), n, (int) c, plane, g, b, eps,
          floats(globalMean), floats(globalVar));
    }
    return out;
  }

  /** {@code gamma/√(var + eps)} per channel into a detached array kept for the next call. */
  private INDArray inferenceScale(INDArray gamma, INDArray var, double eps) {
    float[] g = gamma.toFloatVector();
    float[] v = var.toFloatVector();
    float[] k = new float[g.length];
    for (int ch = 0; ch < k.length; ch++) {
      k[ch] = (float) (g[ch] / Math.sqrt(v[ch] + eps));
    }
    if (scale == null || scale.length() != k.length) {
      scale = detached(k);
    } else {
      scale.data().setData(k);
    }
    return scale;
  }

  /** Whether every channel's mean is small enough against its spread for oneDNN's float sums. */
  private static boolean precise(float[] mean, float[] var, double eps) {
    for (int ch = 0; ch < mean.length; ch++) {
      if ((double) mean[ch] * mean[ch] > PRECISE_RATIO * PRECISE_RATIO * (var[ch] + eps)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
      INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    boolean ours = last == Path.DNNL
        ? primitives.holds(lastPrimitive) && applies(input, format) && applies(epsilon, format)
            && Arrays.equals(input.shape(), epsilon.shape())
            && lastPrimitive.shape().equals(shape(input, eps, lastPrimitive.shape().relu()))
            && vectors(input.size(1), gamma, beta, dGammaView, dBetaView)
        : last == Path.KERNEL && stats != null && applies(input, format) && applies(epsilon, format)
        && Arrays.equals(input.shape(), epsilon.shape()) && stats.mean.length == input.size(1);
    boolean onDnnl = ours && last == Path.DNNL;
    boolean blockedX = inputBlocked && inEdge != null && inEdge.isBlockedActivation(input);
    if (blockedX && !onDnnl) {
      inEdge.unblock(input);
      blockedX = false;
    }
    boolean blockedDy = outputBlocked && outEdge != null && outEdge.isBlockedGradient(epsilon);
    if (outputBlocked && !onDnnl) {
      // The mask below reads the rectified output and the gradient element by element, in one layout.
      BlockedEdge.toNchw(fusedOut);
      if (blockedDy) {
        BlockedEdge.toNchw(epsilon);
      }
      outEdge.clear();
      blockedDy = false;
    }
    if (fusedOut != null && !onDnnl) {
      // The ReLU's gradient first (oneDNN's fused backward takes it itself), in place: epsilon is the
      // copy FusedReluLayer made for this layer alone.
      ReluKernel.backward(fusedOut, epsilon, epsilon);
    }
    if (!ours) {
      return fallback == null || last != Path.FALLBACK ? null
          : fallback.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
              workspaceMgr);
    }
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    if (last == Path.DNNL) {
      boolean blockedDx = blockedX && inEdge.wantsBlockedGradient();
      lastPrimitive.backward(input, epsilon, batchMean, batchVar, gamma, beta, dx, dGammaView, dBetaView, blockedX,
          blockedDy, blockedDx);
      if (inEdge != null) {
        inEdge.wroteGradient(blockedDx ? dx : null);
      }
    } else {
      int n = (int) input.size(0);
      int c = (int) input.size(1);
      int plane = (int) (input.size(2) * input.size(3));
      float[] dGamma = new float[c];
      float[] dBeta = new float[c];
      BatchNormKernel.backward(input.data().asNioFloat(), epsilon.data().asNioFloat(), dx.data().asNioFloat(), n, c,
          plane, floats(gamma), eps, stats, dGamma, dBeta);
      // Outside workspaces, so that both paths leave the same working memory (FastPathRules).
      dGammaView.assign(detached(dGamma).reshape(dGammaView.shape()));
      dBetaView.assign(detached(dBeta).reshape(dBetaView.shape()));
    }
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(gradient, dx);
  }

  /** The last training batch's per-channel mean, which the layer folds into its running mean. */
  @Override
  public INDArray getMeanCache(DataType dataType) {
    return cache(true, dataType);
  }

  /** The last training batch's biased per-channel variance (without eps), as the oneDNN helper gives it. */
  @Override
  public INDArray getVarCache(DataType dataType) {
    return cache(false, dataType);
  }

  /** A detached copy (the layer may work on what it gets in place). */
  private INDArray cache(boolean mean, DataType dataType) {
    switch (last) {
      case FALLBACK:
        if (fallback == null) {
          return null;
        }
        return mean ? fallback.getMeanCache(dataType) : fallback.getVarCache(dataType);
      case KERNEL:
        return stats == null ? null : detached(mean ? stats.mean : stats.var).castTo(dataType);
      default:
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
          return (mean ? batchMean : batchVar).castTo(dataType).dup();
        }
    }
  }

  private void statistics(int c) {
    if (batchMean == null || batchMean.length() != c) {
      try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        batchMean = Nd4j.create(DataType.FLOAT, c);
        batchVar = Nd4j.create(DataType.FLOAT, c);
      }
    }
  }

  private static DnnlBatchNorm.Shape shape(INDArray x, double eps, boolean relu) {
    return new DnnlBatchNorm.Shape(x.size(0), x.size(1), x.size(2), x.size(3), (float) eps, relu);
  }

  private DnnlBatchNorm primitive(INDArray x, double eps, boolean relu) {
    return primitives.get(shape(x, eps, relu), DnnlBatchNorm::new);
  }

  private static INDArray detached(float[] values) {
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      return Nd4j.createFromArray(values);
    }
  }

  private static float[] floats(INDArray a) {
    return a == null ? null : a.castTo(DataType.FLOAT).toFloatVector();
  }

  @Override
  public boolean checkSupported(double eps, boolean fixedGammaBeta) {
    return true;
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return Collections.emptyMap();
  }
}
