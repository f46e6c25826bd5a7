package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CI sample of {@link MalformedSpecFuzz}: {@value #DEFAULT_COUNT} mutants by default (about 30
 * s here). The long run is the same test with {@code -Dfuzz.count=100000} (bench/README.md), and
 * {@code -Dfuzz.seed=N} explores other mutants; a failure prints the seed and the first specs.
 */
class MalformedSpecFuzzTest {
  static final int DEFAULT_COUNT = 2_000;

  @Test
  void malformedSpecsGiveLocatedDiagnosticsOnly() {
    int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
    long seed = Long.getLong("fuzz.seed", 20261201L);
    MalformedSpecFuzz.Figures figures = new MalformedSpecFuzz(seed).run(count);
    System.out.println("MalformedSpecFuzz seed " + seed + ": " + figures);
    assertTrue(figures.passed(), () -> "seed " + seed + ": " + figures + "\n" + String.join("\n\n", figures.failures()));
  }
}
