package dev.cnnspec.runtime.exec;

import java.util.Collections;
import java.util.Map;
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
 * DL4J's batch-norm helper slot filled with {@link BatchNormKernel} for NCHW float activations in
 * training; inference and anything else (NHWC, rank 2, double, views) go to the helper the layer
 * had (oneDNN's) or, when
 * there was none, back to the layer's own code (a null return). The layer itself — parameters,
 * running statistics (which it updates from {@link #getMeanCache} / {@link #getVarCache}), the
 * gradient bookkeeping — stays DL4J's, exactly as with the oneDNN helper this replaces.
 */
final class HostBatchNormHelper implements BatchNormalizationHelper {
  private final BatchNormalizationHelper fallback;
  /** Whether the last training forward went to the fallback, whose caches then hold the statistics. */
  private boolean lastByFallback;
  private BatchNormKernel.Statistics stats;
  private INDArray meanCache;
  private INDArray varCache;

  HostBatchNormHelper(BatchNormalizationHelper fallback) {
    this.fallback = fallback;
  }

  private static boolean applies(INDArray x, CNN2DFormat format) {
    return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT
        && HostKernels.applies(x);
  }

  @Override
  public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
      INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    // Inference goes to DL4J's oneDNN helper where there is one: with the global statistics it is a
    // single scale and shift, and oneDNN's was 1.2x faster than this kernel's on ResNet-20's
    // inference (SpeedBench, alternating runs); the kernel's gain is in training's statistics.
    if (!applies(x, format) || !training && fallback != null) {
      if (training) {
        lastByFallback = true;
      }
      return fallback == null ? null
          : fallback.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
    }
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int plane = (int) (x.size(2) * x.size(3));
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
    float[] g = floats(gamma);
    float[] b = floats(beta);
    if (training) {
      lastByFallback = false;
      stats = new BatchNormKernel.Statistics(c);
      BatchNormKernel.forwardTraining(x.data().asNioFloat(), out.data().asNioFloat(), n, c, plane, g, b, eps, stats);
      meanCache = null;
      varCache = null;
    } else {
      BatchNormKernel.forwardInference(x.data().asNioFloat(), out.data().asNioFloat(), n, c, plane, g, b, eps,
          floats(globalMean), floats(globalVar));
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
      INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (lastByFallback || stats == null || !applies(input, format) || !applies(epsilon, format)
        || !java.util.Arrays.equals(input.shape(), epsilon.shape()) || stats.mean.length != input.size(1)) {
      return fallback == null || !lastByFallback ? null
          : fallback.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
              workspaceMgr);
    }
    int n = (int) input.size(0);
    int c = (int) input.size(1);
    int plane = (int) (input.size(2) * input.size(3));
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    float[] dGamma = new float[c];
    float[] dBeta = new float[c];
    BatchNormKernel.backward(input.data().asNioFloat(), epsilon.data().asNioFloat(), dx.data().asNioFloat(), n, c,
        plane, floats(gamma), eps, stats, dGamma, dBeta);
    dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
    dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(gradient, dx);
  }

  /** The last training batch's per-channel mean, which the layer folds into its running mean. */
  @Override
  public INDArray getMeanCache(DataType dataType) {
    if (lastByFallback) {
      return fallback == null ? null : fallback.getMeanCache(dataType);
    }
    if (meanCache == null && stats != null) {
      meanCache = detached(stats.mean);
    }
    return meanCache == null ? null : meanCache.castTo(dataType);
  }

  /** The last training batch's biased per-channel variance (without eps), as the oneDNN helper gives it. */
  @Override
  public INDArray getVarCache(DataType dataType) {
    if (lastByFallback) {
      return fallback == null ? null : fallback.getVarCache(dataType);
    }
    if (varCache == null && stats != null) {
      varCache = detached(stats.var);
    }
    return varCache == null ? null : varCache.castTo(dataType);
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
