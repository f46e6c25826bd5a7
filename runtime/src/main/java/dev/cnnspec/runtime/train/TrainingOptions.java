package dev.cnnspec.runtime.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a run of {@link Trainer} is told, immutable. {@code patience == 0} disables early
 * stopping; {@code outDir == null} keeps the run in memory (no checkpoints, metrics or plots).
 *
 * @param mainOutput which output head accuracy and predictions read (0 unless a network has
 *     auxiliary heads declared before its main one)
 * @param progress how progress is shown; {@link ProgressMode#AUTO} picks a bar on a terminal
 * @param runNotes what else decides the run's numbers that the trainer cannot see (the data set, its
 *     augmentation, a limit…), named as the command line names it; recorded in every checkpoint and
 *     compared on resume like the other options
 */
public record TrainingOptions(int epochs, Optimizer optimizer, double learningRate, double momentum,
    Schedule schedule, int patience, long seed, Path outDir, boolean resume, int mainOutput, ProgressMode progress,
    BatchHook batchHook, Map<String, String> runNotes) {

  public TrainingOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be 0 (off) or positive, got " + patience);
    }
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(progress, "progress");
    batchHook = batchHook == null ? BatchHook.NONE : batchHook;
    runNotes = runNotes == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(runNotes));
  }

  /** Keras' defaults: Adam at 1e-3, constant rate, no early stopping, seed 42. */
  public static TrainingOptions defaults() {
    return new TrainingOptions(10, Optimizer.ADAM, 1e-3, 0, Schedule.CONSTANT, 0, 42, null, false, 0,
        ProgressMode.AUTO, BatchHook.NONE, Map.of());
  }

  public TrainingOptions withEpochs(int n) {
    return new TrainingOptions(n, optimizer, learningRate, momentum, schedule, patience, seed, outDir, resume,
        mainOutput, progress, batchHook, runNotes);
  }

  public TrainingOptions withOptimizer(Optimizer o, double lr, double m) {
    return new TrainingOptions(epochs, o, lr, m, schedule, patience, seed, outDir, resume, mainOutput, progress,
        batchHook, runNotes);
  }

  public TrainingOptions withSchedule(Schedule s) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, s, patience, seed, outDir, resume,
        mainOutput, progress, batchHook, runNotes);
  }

  public TrainingOptions withPatience(int p) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, p, seed, outDir, resume,
        mainOutput, progress, batchHook, runNotes);
  }

  public TrainingOptions withSeed(long s) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, patience, s, outDir, resume,
        mainOutput, progress, batchHook, runNotes);
  }

  public TrainingOptions withOutDir(Path dir, boolean resumeFromIt) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, patience, seed, dir, resumeFromIt,
        mainOutput, progress, batchHook, runNotes);
  }

  public TrainingOptions withMainOutput(int index) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, patience, seed, outDir, resume,
        index, progress, batchHook, runNotes);
  }

  public TrainingOptions withProgress(ProgressMode mode) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, patience, seed, outDir, resume,
        mainOutput, mode, batchHook, runNotes);
  }

  public TrainingOptions withBatchHook(BatchHook hook) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, patience, seed, outDir, resume,
        mainOutput, progress, hook, runNotes);
  }

  public TrainingOptions withRunNotes(Map<String, String> notes) {
    return new TrainingOptions(epochs, optimizer, learningRate, momentum, schedule, patience, seed, outDir, resume,
        mainOutput, progress, batchHook, notes);
  }

  /** How progress is reported. */
  public enum ProgressMode {
    AUTO, BAR, LINES, NONE;

    /** As the command line spells it ({@code --progress lines}). */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Called after every training batch. Tests use it to interrupt a run mid-epoch; callers may use
   * it to stop cooperatively by throwing.
   */
  @FunctionalInterface
  public interface BatchHook {
    BatchHook NONE = (epoch, batch) -> {};

    void afterBatch(int epoch, int batch);
  }
}
