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

  /** The command line's name ({@code --schedule one-cycle}); picocli matches it, or the constant's name, ignoring case. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return cliName();
  }
}
