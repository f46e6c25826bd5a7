package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test-only places where a training JVM can be made to stop and wait to be killed, so that a
 * fault-injection test can SIGKILL it at a moment it chooses instead of at a moment it guesses:
 * after a given batch (mid-epoch), or inside an atomic write after the temp file is complete and
 * before the rename. Off unless {@value #PAUSE_PROPERTY} is set; then, on reaching that point, the
 * JVM writes its PID to the file named by {@value #MARKER_PROPERTY} and sleeps until killed.
 *
 * <p>Points: {@code batch:EPOCH:BATCH} (0-based epoch, 1-based batch, after the batch's update) and
 * {@code rename:FILENAME} (e.g. {@code rename:epoch-002.zip}).
 */
final class FaultPoints {
  static final String PAUSE_PROPERTY = "cnnspec.faults.pause";
  static final String MARKER_PROPERTY = "cnnspec.faults.marker";

  private FaultPoints() {}

  static String afterBatch(int epoch, int batch) {
    return "batch:" + epoch + ":" + batch;
  }

  static String beforeRename(Path target) {
    return "rename:" + target.getFileName();
  }

  /** Pauses for good if {@code point} is the one asked for; returns at once otherwise. */
  static void reached(String point) {
    String wanted = System.getProperty(PAUSE_PROPERTY);
    if (wanted == null || !wanted.equals(point)) {
      return;
    }
    String marker = System.getProperty(MARKER_PROPERTY);
    if (marker != null) {
      Path file = Path.of(marker);
      Path tmp = file.resolveSibling(file.getFileName() + ".part");
      try {
        // written then renamed, so the test never reads half a PID
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new IllegalStateException("fault point " + point + ": cannot write the marker " + marker, e);
      }
    }
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
