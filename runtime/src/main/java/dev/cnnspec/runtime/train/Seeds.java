package dev.cnnspec.runtime.train;

/**
 * Derives the per-epoch seeds. An epoch's randomness (shuffle order, dropout masks, augmentation)
 * depends only on the run's seed and the epoch number, never on how many random numbers earlier
 * epochs happened to draw; that independence is what makes resume exact.
 */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser over the seed and the epoch: well-mixed, cheap and stable across JVMs. */
  public static long forEpoch(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A second, independent stream for the same epoch (shuffle vs. ND4J). */
  public static long forEpoch(long seed, int epoch, int stream) {
    return forEpoch(forEpoch(seed, epoch) ^ (0xD1B54A32D192ED03L * (stream + 1L)), 0);
  }
}
