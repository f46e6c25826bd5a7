package dev.cnnspec.runtime.exec;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What applies the ReLU of the plain ReLU layer that alone reads it, in training ({@link
 * FusedReluLayer}): a batch norm on {@link HostBatchNormHelper} or a residual {@link AddVertex}. The
 * layer asks it whether its input is the array it wrote rectified, and only then hands the arrays on.
 */
interface RectifiedSource {
  /** Whether {@code x} is the array this source's last training forward wrote with the ReLU applied. */
  boolean wroteRectified(INDArray x);

  /**
   * The ReLU layer rectified {@code from} into {@code to} itself (at inference): a source that wrote
   * {@code from} in a layout of its own (a batch norm or an add on a {@link BlockedEdge}) marks {@code
   * to} likewise, since the ReLU works element by element.
   */
  default void passedActivation(INDArray from, INDArray to) {}

  /**
   * The fused ReLU layer copied the gradient {@code from} into {@code to} for this source: one that
   * hands its arrays on in a layout of its own ({@link HostBatchNormHelper} on a {@link BlockedEdge})
   * marks the copy likewise; the add has nothing to do.
   */
  default void passedGradient(INDArray from, INDArray to) {}
}
