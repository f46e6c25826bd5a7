package dev.cnnspec.runtime.data;

import java.nio.file.Path;

/**
 * How much of the Java heap one data set may take, checked before an allocation whose size comes
 * from a file (a header's count, a stream's length). Loading copies the bytes at least once more
 * (fitting, the validation split), so a set may use a quarter of the maximum heap; beyond that the
 * loader fails with a message naming the file and the way out, instead of an
 * {@code OutOfMemoryError} far from the cause.
 */
final class MemoryBudget {
  private MemoryBudget() {}

  /** The largest data set, in bytes, this JVM accepts. */
  static long limit() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * Fails unless {@code bytes} (for {@code what}, at {@code offset} of {@code file}, or -1 for a
   * whole file or folder) fit the budget.
   */
  static void check(Path file, long offset, long bytes, String what) throws DataFormatException {
    if (bytes > limit() || bytes > Integer.MAX_VALUE - 16) {
      String problem = what + " would take " + mb(bytes) + " of memory, more than a"
          + " quarter of the Java heap (" + mb(Runtime.getRuntime().maxMemory()) + "); if the header is right, give"
          + " the JVM more heap (bin/cnn: CNN_HEAP=8g), otherwise the file is corrupt";
      throw offset < 0 ? DataFormatException.inFile(file, problem) : DataFormatException.atOffset(file, offset, problem);
    }
  }

  private static String mb(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
  }
}
