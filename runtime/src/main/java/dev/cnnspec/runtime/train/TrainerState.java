package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a checkpoint holds beside the DL4J model: where the run is (completed epochs), the early-
 * stopping bookkeeping, the seed the epochs' randomness derives from, the metrics so far, and what
 * the run is ({@link RunFingerprint}: network, options, threads), so that a resume can check it is
 * continuing the same run. Serialised as JSON next to the model zip; a checkpoint is complete only
 * when this file exists.
 *
 * @param epochsCompleted epochs fully trained (the next epoch to run, 0-based)
 * @param bestEpoch 1-based epoch of the best validation loss so far, 0 if none
 * @param epochsWithoutImprovement the patience counter
 * @param bestValLoss the best validation loss so far, +∞ before there is one ({@code null} in the file)
 * @param run the run's fingerprint; {@code null} in checkpoints written before fingerprints existed
 */
public record TrainerState(@JsonProperty(value = "epochs_completed", required = true) int epochsCompleted,
    @JsonProperty("best_val_loss") double bestValLoss,
    @JsonProperty(value = "best_epoch", required = true) int bestEpoch,
    @JsonProperty(value = "epochs_without_improvement", required = true) int epochsWithoutImprovement,
    @JsonProperty(value = "seed", required = true) long seed, @JsonProperty("rng") String ndRngNote,
    @JsonProperty(value = "history", required = true) List<EpochMetrics> history,
    @JsonProperty("run") @JsonInclude(JsonInclude.Include.NON_NULL) RunFingerprint run) {

  public TrainerState {
    history = List.copyOf(history);
    // the file's null (JsonFiles reads it as NaN): no best yet; NaN is never a best loss, as it is
    // below nothing
    if (Double.isNaN(bestValLoss)) {
      bestValLoss = Double.POSITIVE_INFINITY;
    }
  }

  static TrainerState fresh(long seed, RunFingerprint run) {
    return new TrainerState(0, Double.POSITIVE_INFINITY, 0, 0, seed,
        "ND4J and shuffle RNGs are reseeded from (seed, epoch) at every epoch start", List.of(), run);
  }

  /** The same state, continued under {@code newRun} (a resume that applied a changed --epochs or --patience). */
  TrainerState withRun(RunFingerprint newRun) {
    return new TrainerState(epochsCompleted, bestValLoss, bestEpoch, epochsWithoutImprovement, seed, ndRngNote, history,
        newRun);
  }
}
