package dev.cnnspec.runtime.train;

import java.util.Locale;

/** The loss became NaN or infinite: a user-facing condition (usually a learning rate too high), not a bug. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(int epoch, int batch, double loss, double lr) {
    super(String.format(Locale.ROOT, "training diverged at epoch %d, batch %d (loss %s); try a lower --lr than %g",
        epoch, batch, loss, lr));
  }
}
