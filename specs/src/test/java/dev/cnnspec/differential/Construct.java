package dev.cnnspec.differential;

/**
 * Constructs the generator can produce that today's main is known to get wrong. The generator asks
 * {@link KnownIssues#avoids} before producing one; every other construct is always generated.
 */
enum Construct {
  /** An output head whose last layer is not a dense layer that nothing else reads (a LossLayer head). */
  UNFUSED_HEAD,
  /** A head whose activation and loss do not belong together (say relu + cross_entropy). */
  MISMATCHED_ACTIVATION_LOSS,
  /** {@code padding: same} with a stride larger than the (dilated) kernel or pool window. */
  SAME_PADDING_STRIDE_ABOVE_WINDOW,
  /** A tensor named {@code <output>_loss} beside that output. */
  LOSS_NAME_COLLISION,
  /** A network input that no output reads. */
  UNUSED_INPUT,
  /** An output head {@code dense(1, activation: softmax)}: always 1.0, and DL4J refuses it. */
  SOFTMAX_HEAD_OF_ONE_UNIT,
  /** Any {@code separable_conv}: DL4J's sconv2d failed on one input channel (r13; fixed by SeparableConvolution). */
  SEPARABLE_CONV_FORWARD,
  /** {@code zeropad} with a side at least the next pool's window (2, or 1 before a 1×1 pool): ONNX Runtime refuses the export (r14). */
  PAD_FUSED_INTO_POOL_ONNX,
  /** A head whose dense layer has {@code activation: mfm}: the ONNX export names two nodes o1 (r15). */
  MFM_HEAD_ONNX,
  /**
   * A stand-alone activation on a tensor another layer also reads: DL4J overwrites that tensor in
   * place (r16). Avoided by leaving out the ONNX comparison, the only part of the oracle that sees it.
   */
  DL4J_ACTIVATION_IN_PLACE,
  /** {@code conv_transpose} with a stride above its kernel: DL4J's backward pass failed (r17; now E0409 under same). */
  CONV_TRANSPOSE_STRIDE_ABOVE_KERNEL,
  /**
   * Softmax on a spatial tensor ({@code conv(8, 3, activation: softmax)}, {@code -> softmax} after a
   * conv): the language's softmax is over the channels, DL4J's ActivationSoftmax on NCHW over the width
   * (r31). Only the ONNX comparison sees it.
   */
  SPATIAL_SOFTMAX
}
