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
  SOFTMAX_HEAD_OF_ONE_UNIT
}
