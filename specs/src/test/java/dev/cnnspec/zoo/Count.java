package dev.cnnspec.zoo;

/**
 * Parameter arithmetic done by hand, independent of the compiler: the tests add these up layer by
 * layer, as one would on paper, and compare the sums with what the compiler and DL4J report.
 */
final class Count {
  private Count() {}

  /** A k×k convolution with bias: f · (k·k·c + 1). */
  static long conv(int in, int filters, int kernel) {
    return (long) filters * ((long) kernel * kernel * in + 1);
  }

  /** A dense layer with bias. */
  static long dense(int in, int units) {
    return (long) in * units + units;
  }

  /** Batch norm: γ, β, running mean and variance per channel. */
  static long bn(int channels) {
    return 4L * channels;
  }

  /** The part of batch norm that is trained: γ and β. */
  static long bnTrainable(int channels) {
    return 2L * channels;
  }
}
