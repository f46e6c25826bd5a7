package dev.cnnspec.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Keras padding modes. {@code SAME}: out = ceil(in / stride); {@code VALID}: out = floor((in − k) /
 * stride) + 1. The DL4J back end maps them to {@code ConvolutionMode.Same} and {@code Truncate}.
 */
public enum Padding {
  SAME,
  VALID;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Padding> fromSpecName(String name) {
    for (Padding p : values()) {
      if (p.specName().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
