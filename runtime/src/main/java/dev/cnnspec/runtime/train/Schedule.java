package dev.cnnspec.runtime.train;

import java.util.Locale;

/** Learning-rate schedules by name ({@code --schedule}); {@link Optimizers} turns them into ND4J {@code ISchedule}s. */
public enum Schedule {
  /** The base rate throughout. */
  CONSTANT,
  /** The rate times 0.1 every third of the run (at least one epoch). */
  STEP,
  /** Half-cosine decay from the base rate to zero over the run, per iteration. */
  COSINE,
  /** Smith's one-cycle: warm up to the base rate, anneal down, per iteration (ND4J {@code CycleSchedule}). */
  ONE_CYCLE;

  public static Schedule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (Schedule s : values()) {
      if (s.name().toLowerCase(Locale.ROOT).replace("_", "").equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown schedule '" + text + "'; use one of constant, step, cosine, one-cycle");
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
