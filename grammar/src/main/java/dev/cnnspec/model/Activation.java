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
  MFM;

  /** DL4J's default slope for leaky ReLU, used when a spec names none. */
  public static final double DEFAULT_LEAKY_ALPHA = 0.01;

  /** The name used in specs: {@code relu}, {@code leaky_relu}, … */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Activation> fromSpecName(String name) {
    for (Activation a : values()) {
      if (a.specName().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
