package dev.cnnspec.runtime.train;

import java.util.Locale;

/** The optimisers the trainer offers by name ({@code --optimizer}), as Keras names them. */
public enum Optimizer {
  ADAM,
  /** Plain SGD, or classical (heavy-ball) momentum when a momentum above zero is given. */
  SGD,
  /** SGD with Nesterov momentum (DL4J's {@code Nesterovs}). */
  NESTEROV,
  RMSPROP;

  /** Parses a user's spelling: case-insensitive, {@code rms-prop}/{@code rms_prop} accepted. */
  public static Optimizer parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (Optimizer o : values()) {
      if (o.name().toLowerCase(Locale.ROOT).replace("_", "").equals(t)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown optimizer '" + text + "'; use one of adam, sgd, nesterov, rmsprop");
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
