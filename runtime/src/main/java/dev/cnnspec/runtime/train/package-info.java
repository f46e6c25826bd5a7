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
 * The weights also depend on ND4J's thread count and execution path, which the load must not
 * choose: both are recorded with the network and the options in every checkpoint
 * ({@link dev.cnnspec.runtime.train.RunFingerprint}), and a resume that differs in any of them is
 * refused or, for the run's length and patience, applied out loud
 * ({@link dev.cnnspec.runtime.train.ResumeCheck}). Output directories are checked before training
 * ({@link dev.cnnspec.runtime.train.OutputDirectory}); every write is atomic and names its file on
 * failure ({@link dev.cnnspec.runtime.train.AtomicFiles}).
 */
package dev.cnnspec.runtime.train;
