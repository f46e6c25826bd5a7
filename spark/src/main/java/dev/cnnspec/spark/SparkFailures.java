package dev.cnnspec.spark;

/**
 * Turns what Spark throws into one line for the user. Spark's job failures are long and nest the
 * real cause (an executor lost, a class executors lack) several levels down, each level repeating
 * a stack trace; the first line of each message on the chain is what says what happened.
 */
final class SparkFailures {
  private static final int LIMIT = 400;

  private SparkFailures() {}

  static String describe(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null && s.length() < LIMIT; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
      if (s.indexOf(m) < 0) {
        s.append(s.length() == 0 ? "" : "; caused by ").append(m);
      }
    }
    return s.length() > LIMIT ? s.substring(0, LIMIT) + "…" : s.toString();
  }

  private static String firstLine(String m) {
    String line = m.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }
}
