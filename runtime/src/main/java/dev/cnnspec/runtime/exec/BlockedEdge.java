package dev.cnnspec.runtime.exec;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An edge between a convolution and a batch norm, both on oneDNN 2.5.2 ({@link DnnlConvHelper},
 * {@link HostBatchNormHelper}), along which a training step's activation and its gradient stay in
 * oneDNN's 16-channel blocked layout {@code nChw16c} inside DL4J's NCHW-shaped arrays: from a
 * convolution to the batch norm that alone reads it, and from a batch norm through the ReLU fused into
 * it ({@link FusedReluLayer}, which hands both arrays on) to the convolution that alone reads that. The
 * producer writes its output so and the consumer reads it so; backward, the consumer writes its input
 * gradient so and the producer reads it so. Both primitives work in that layout anyway, so each call
 * used to reorder into it and back: for a convolution and its batch norm, four reorders of the
 * activation and three of its gradient per step, which PyTorch's NCHW batch norm never pays (ResNet-20's
 * batch norm backward was 2.3× PyTorch's, bench/README).
 *
 * <p>Such an array holds the same N·C·H·W floats (C a multiple of 16, so no padding) in another order,
 * so it must never reach anything else. Hence: only in the graph's own workspaces (
 * never an array {@code feedForward}, {@code output} or a listener gets: {@link ForwardWatch#unseen}), only along this edge (the convolution's only reader, the batch norm's only input, neither an
 * output), and each side checks by identity that the array it gets is the one the other side marked;
 * a side that cannot take the blocked layout after all turns the array back into NCHW first ({@link
 * #toNchw}). {@link GraphTuning} pairs the two helpers; {@code FastPathEquivalenceTest} checks losses,
 * gradients and updates against plain DL4J.
 *
 * <p>At inference an edge may also carry a residual network's stream ({@link #BlockedEdge(ForwardWatch, boolean) inference-only}): from a
 * batch norm or an {@link AddVertex} (through the ReLU layer fused into it, which rectifies element by
 * element in any layout and moves the mark to its own output) to every one of its readers, each a
 * convolution, a batch norm or an add. There the gradient is not the question, and several readers
 * check the same array; an add that cannot write its sum blocked (its reader is global pooling, say)
 * reads blocked inputs all the same and writes NCHW ({@link AddVertex}). In training such an edge stays
 * closed: DL4J sums the gradients of several readers into one array, which would need every reader's
 * gradient in one layout, and training was ahead of PyTorch without it.
 */
final class BlockedEdge {

  private final ForwardWatch watch;
  private final boolean inferenceOnly;
  private INDArray activation;
  private boolean gradientWanted;
  private INDArray gradient;

  /** An edge of no graph (tests): nobody watches its activations. */
  BlockedEdge() {
    this(ForwardWatch.NONE);
  }

  BlockedEdge(ForwardWatch watch) {
    this(watch, false);
  }

  /** With {@code inferenceOnly}, open only in forward passes that are not a training step's. */
  BlockedEdge(ForwardWatch watch, boolean inferenceOnly) {
    this.watch = watch;
    this.inferenceOnly = inferenceOnly;
  }

  /**
   * Whether the producer may write a blocked activation now: nobody outside the graph sees it ({@link
   * ForwardWatch#unseen}), and this is not a training step on an edge only inference may use.
   */
  boolean open(LayerWorkspaceMgr mgr, boolean training) {
    return !(training && inferenceOnly) && watch.unseen(mgr);
  }

  /** {@link #open(LayerWorkspaceMgr, boolean)} for a producer that does not know whether it trains: a training edge. */
  boolean open(LayerWorkspaceMgr mgr) {
    if (inferenceOnly) {
      throw new IllegalStateException("an inference-only edge needs to know whether the pass trains");
    }
    return watch.unseen(mgr);
  }

  /** Channel counts whose {@code nChw16c} array has exactly the NCHW array's size. */
  static boolean fits(long channels) {
    return channels % 16 == 0;
  }

  /**
   * The producer's output of this forward pass: {@code blocked} if written in {@code nChw16c} (null
   * when not), and whether its backward takes the gradient in that layout.
   */
  void wroteActivation(INDArray blocked, boolean takesBlockedGradient) {
    activation = blocked;
    gradientWanted = takesBlockedGradient;
    gradient = null;
  }

  boolean isBlockedActivation(INDArray x) {
    return x != null && x == activation;
  }

  /** Whether the consumer should write its input gradient in {@code nChw16c}. */
  boolean wantsBlockedGradient() {
    return activation != null && gradientWanted;
  }

  /** The consumer's input gradient of this backward pass if written in {@code nChw16c}, else null. */
  void wroteGradient(INDArray blocked) {
    gradient = blocked;
  }

  boolean isBlockedGradient(INDArray delta) {
    return delta != null && delta == gradient;
  }

  /** A layer between the two copied the gradient {@code from} into {@code to}, layout and all. */
  void passedGradient(INDArray from, INDArray to) {
    if (isBlockedGradient(from)) {
      gradient = to;
    }
  }

  /** Forgets both arrays (a side turned one back into NCHW). */
  void clear() {
    activation = null;
    gradient = null;
  }

  /** A side that cannot take {@code x} blocked after all: rewrites it as NCHW and forgets both arrays. */
  void unblock(INDArray x) {
    toNchw(x);
    clear();
  }

  /** Rewrites a C-contiguous {@code [N, C, H, W]} array holding {@code nChw16c} data as NCHW, in place. */
  static void toNchw(INDArray x) {
    long n = x.size(0);
    long c = x.size(1);
    long h = x.size(2);
    long w = x.size(3);
    INDArray nchw = x.reshape('c', n, c / 16, h, w, 16).permute(0, 1, 4, 2, 3).dup('c');
    x.assign(nchw.reshape('c', n, c, h, w));
  }
}
