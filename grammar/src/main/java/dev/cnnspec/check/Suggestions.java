package dev.cnnspec.check;

import java.util.Optional;

/**
 * "Did you mean" for a name that names no tensor: the closest candidate by edit distance, if it
 * is close enough to be a typo (at most two edits, and fewer edits than the name has letters).
 * Only runs on the error path, so its cost never touches a valid graph.
 */
final class Suggestions {
  private Suggestions() {}

  /** The first candidate at the smallest distance, so the answer is deterministic. */
  static Optional<String> closest(String wrong, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Math.min(2, wrong.length() - 1);
    for (String candidate : candidates) {
      if (Math.abs(candidate.length() - wrong.length()) > bestDistance) {
        continue;
      }
      int d = distance(wrong, candidate);
      if (d <= bestDistance && (best == null || d < distance(wrong, best))) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance (insert, delete, substitute), two rows of memory. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
