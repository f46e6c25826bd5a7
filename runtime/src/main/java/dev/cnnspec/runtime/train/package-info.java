/**
 * Training, evaluation and prediction over DL4J {@code ComputationGraph}s, with the ergonomics of
 * Keras {@code fit}: optimisers and learning-rate schedules chosen by name, early stopping that
 * restores the best weights, a progress bar, per-epoch metrics (CSV, JSON, PNG curve), atomic
 * checkpoints and an exact resume.
 *
 * <p>Determinism is a design goal, not a side effect: every epoch reseeds the shuffle and ND4J's
 * random generator from {@code (seed, epoch)} (see {@link dev.cnnspec.runtime.train.Seeds}), so
 * the state at an epoch boundary is a pure function of the checkpoint, and resuming after an
 * interrupted epoch ends with the same weights, bit for bit, as a run that was never interrupted.
 */
package dev.cnnspec.runtime.train;
