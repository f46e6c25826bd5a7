package dev.cnnspec.runtime.train;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing (Loshchilov and Hutter, without restarts): {@code min + (initial − min) · (1 +
 * cos(π · t / T)) / 2}, held at {@code min} after {@code T}. ND4J has no cosine schedule; this one
 * is a Jackson bean with ND4J's shaded annotations so that DL4J's configuration JSON (and
 * therefore {@code ModelSerializer} checkpoints) round-trip it.
 */
public final class CosineSchedule implements ISchedule {
  private static final long serialVersionUID = 1L;

  private final double initialValue;
  private final double minValue;
  private final int totalIterations;

  public CosineSchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("minValue") double minValue,
      @JsonProperty("totalIterations") int totalIterations) {
    if (totalIterations < 1) {
      throw new IllegalArgumentException("totalIterations must be at least 1, got " + totalIterations);
    }
    this.initialValue = initialValue;
    this.minValue = minValue;
    this.totalIterations = totalIterations;
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    double t = Math.min(iteration, totalIterations);
    return minValue + (initialValue - minValue) * 0.5 * (1 + Math.cos(Math.PI * t / totalIterations));
  }

  @Override
  public ISchedule clone() {
    return new CosineSchedule(initialValue, minValue, totalIterations);
  }

  public double getInitialValue() {
    return initialValue;
  }

  public double getMinValue() {
    return minValue;
  }

  public int getTotalIterations() {
    return totalIterations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosineSchedule c && c.initialValue == initialValue && c.minValue == minValue
        && c.totalIterations == totalIterations;
  }

  @Override
  public int hashCode() {
    return Objects.hash(initialValue, minValue, totalIterations);
  }

  @Override
  public String toString() {
    return "CosineSchedule(" + initialValue + " → " + minValue + " over " + totalIterations + " iterations)";
  }
}
