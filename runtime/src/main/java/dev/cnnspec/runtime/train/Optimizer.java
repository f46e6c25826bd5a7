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

  /** The command line's name ({@code --optimizer adam}); picocli matches it, or the constant's name, ignoring case. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return cliName();
  }
}
