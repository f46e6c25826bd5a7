package dev.cnnspec.diag;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …" for every stage (names, arguments, layers, tensors, parameters): the closest
 * candidate by edit distance, if it is close enough to be a typo. One rule everywhere, so the same
 * misspelling gets the same suggestion whichever stage finds it: Damerau–Levenshtein distance
 * ignoring case (a swap of two letters is one typo), at most a third of the name's length (1 to 3
 * edits), and fewer edits than the name has letters (one letter is no typo of another). Ties go to
 * the alphabetically first candidate, so the answer does not depend on iteration order. Runs on
 * the error path only.
 */
public final class Suggestions {
  private Suggestions() {}

  public static Optional<String> closest(String name, Collection<String> candidates) {
    int allowed = Math.min(Math.max(1, Math.min(3, name.length() / 3)), name.length() - 1);
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equals(name) || Math.abs(candidate.length() - name.length()) > allowed) {
        continue;
      }
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d <= allowed && (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** "did you mean `x`?" or "". */
  public static String didYouMean(String name, Collection<String> candidates) {
    return closest(name, candidates).map(s -> "did you mean `" + s + "`?").orElse("");
  }

  /** Damerau–Levenshtein (optimal string alignment): insert, delete, substitute, swap neighbours. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
