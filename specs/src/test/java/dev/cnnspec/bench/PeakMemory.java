package dev.cnnspec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set so far ({@code VmHWM} in {@code /proc/self/status}): heap, JIT
 * code, native libraries and ND4J's off-heap arrays together, which is what a user's machine has
 * to hold. The PyTorch script reports the same figure ({@code ru_maxrss}).
 */
final class PeakMemory {
  private PeakMemory() {}

  /** @return megabytes (2^20 bytes), or -1 where there is no {@code /proc} */
  static double residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return -1;
  }
}
