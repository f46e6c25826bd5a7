package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the per-epoch metrics as {@code metrics.csv} (spreadsheets, pandas) and
 * {@code metrics.json} (scripts: a list of {@link EpochMetrics}), rewriting both whole after every
 * epoch through {@link AtomicFiles} so a reader never sees half a file. Epoch numbers are 1-based
 * in both, as people count them. NaN (no validation set) is an empty CSV cell and a JSON
 * {@code null}.
 */
public final class MetricsLog {
  public static final String CSV = "metrics.csv";
  public static final String JSON = "metrics.json";
  /** A year of epochs is a few megabytes. */
  private static final long MAX_BYTES = 64L << 20;

  private MetricsLog() {}

  public static void write(Path dir, List<EpochMetrics> history) throws IOException {
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    for (EpochMetrics m : history) {
      csv.append(m.csvRow()).append('\n');
    }
    AtomicFiles.writeString(dir.resolve(CSV), csv.toString());
    JsonFiles.write(dir.resolve(JSON), history);
  }

  /** Reads a history back from its JSON (tests, scripts' round trips). */
  public static List<EpochMetrics> readJson(Path file) throws IOException {
    return JsonFiles.readList(file, EpochMetrics.class, MAX_BYTES);
  }
}
