package dev.cnnspec.differential;

import java.util.List;

/**
 * The random decisions of one generated spec, read in order (Hypothesis' "choice sequence"). jqwik
 * generates and shrinks the list; the generator only ever asks "one of n?". Two rules make jqwik's
 * shrinking produce small specs: an exhausted list answers 0, and every question lists its
 * simplest answer first (0 = no suffix, no extra branch, the smallest size). So a shorter list, or
 * one with smaller numbers, is a spec with fewer and plainer parts, and a minimal failing list is a
 * minimal failing spec.
 */
final class Choices {
  private final List<Integer> values;
  private int next;

  Choices(List<Integer> values) {
    this.values = values;
  }

  /** A number in [0, n), 0 once the list is exhausted. */
  int below(int n) {
    if (n <= 1 || next >= values.size()) {
      next++;
      return 0;
    }
    return Math.floorMod(values.get(next++), n);
  }

  /** True with about {@code percent}% chance; false (the simpler answer) when exhausted. */
  boolean maybe(int percent) {
    return below(100) >= 100 - percent;
  }

  /** One of the options, the first being the simplest. */
  @SafeVarargs
  final <T> T oneOf(T... options) {
    return options[below(options.length)];
  }

  <T> T oneOf(List<T> options) {
    return options.get(below(options.size()));
  }

  /** A number in [from, to]. */
  int between(int from, int to) {
    return from + below(to - from + 1);
  }
}
