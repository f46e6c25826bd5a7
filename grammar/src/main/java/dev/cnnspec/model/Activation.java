package dev.cnnspec.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Element-wise activations the language names. {@link #MFM} is max-feature-map: it is not
 * element-wise (it halves the channels), so front ends turn {@code activation: mfm} on a conv or
 * dense into a separate {@link Op.Mfm} node and no back end ever sees it as an activation.
 */
public enum Activation {
  IDENTITY,
  RELU,
  LEAKY_RELU,
  TANH,
  SIGMOID,
  SOFTMAX,
  MFM,
  /** min(max(x, 0), 6), as Keras's and PyTorch's ReLU6 (MobileNet). */
  RELU6,
  /** x · sigmoid(x): Keras's swish, PyTorch's SiLU (the language accepts {@code silu} too). */
  SWISH,
  /**
   * min(max(x / 6 + 1/2, 0), 1), PyTorch's Hardsigmoid and Keras 3's hard_sigmoid (MobileNetV3).
   * Not Keras 2's and DL4J's 0.2·x + 0.5: the back end uses a function of our own.
   */
  HARD_SIGMOID,
  /** x · hard_sigmoid(x), PyTorch's Hardswish (MobileNetV3). */
  HARD_SWISH,
  /**
   * The exact x · Φ(x) = x · (1 + erf(x / √2)) / 2: PyTorch's {@code GELU()} and Keras's
   * {@code gelu} defaults (not their tanh approximation, nor DL4J's sigmoid one).
   */
  GELU,
  /** x for x &gt; 0, else e^x − 1 (alpha 1, the Keras and PyTorch default). */
  ELU,
  /** Klambauer et al.'s scaled ELU with their fixed constants (Keras, PyTorch). */
  SELU;

  /** DL4J's default slope for leaky ReLU, used when a spec names none. */
  public static final double DEFAULT_LEAKY_ALPHA = 0.01;

  /** The name used in specs: {@code relu}, {@code leaky_relu}, … */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Other names of an activation: PyTorch calls swish SiLU. */
  public static final java.util.Map<String, Activation> ALIASES = java.util.Map.of("silu", SWISH);

  public static Optional<Activation> fromSpecName(String name) {
    if (ALIASES.containsKey(name)) {
      return Optional.of(ALIASES.get(name));
    }
    for (Activation a : values()) {
      if (a.specName().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
