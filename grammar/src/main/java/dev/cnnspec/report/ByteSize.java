package dev.cnnspec.report;

import java.util.Locale;

/**
 * A byte count for people, in decimal units as disk and memory vendors print them ({@code 4.0 TB}):
 * the checker's size warning and the runtime's memory guard say the same number the same way.
 */
public final class ByteSize {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private ByteSize() {}

  public static String format(double bytes) {
    int u = 0;
    while (bytes >= 1000 && u < UNITS.length - 1) {
      bytes /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bytes, UNITS[u]);
  }
}
