package dev.cnnspec.model;

import java.util.Optional;

/** Losses an output head may name; spec names on the left, DL4J's {@code LossFunction} in comments. */
public enum Loss {
  /** Categorical cross-entropy over softmax outputs (DL4J MCXENT). */
  CROSS_ENTROPY("cross_entropy"),
  /** Negative log-likelihood (DL4J NEGATIVELOGLIKELIHOOD); the same as cross-entropy on softmax. */
  NLL("nll"),
  /** Binary cross-entropy over sigmoid outputs (DL4J XENT). */
  BINARY_CROSS_ENTROPY("binary_cross_entropy"),
  /** Mean squared error (DL4J MSE). */
  MSE("mse"),
  /** Mean absolute error, averaged as Keras does (DL4J MEAN_ABSOLUTE_ERROR). */
  MAE("mae");

  private final String specName;

  Loss(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  public static Optional<Loss> fromSpecName(String name) {
    for (Loss l : values()) {
      if (l.specName.equals(name)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
