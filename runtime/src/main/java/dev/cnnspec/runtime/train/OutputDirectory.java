package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a run's output directory before any training, so that a wrong {@code --out} costs seconds
 * rather than an epoch: it must be (or be creatable as) a directory, a file can be written and
 * renamed in it (a read-only mount fails here even for root, whom permissions do not stop), and
 * its file system has room for the checkpoints the run will keep.
 */
public final class OutputDirectory {
  /** Model zips held at once: {@value Checkpointer#KEEP} checkpoints, one being written, the best, the final. */
  static final int MODEL_COPIES = Checkpointer.KEEP + 3;
  private static final long SLACK = 1L << 20;

  private OutputDirectory() {}

  /** The directory is usable: it exists or was created, and a file can be written in it. */
  public static void checkWritable(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("the output directory " + dir + " is a file, not a directory; choose another --out");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create the output directory " + dir + ": " + reason(e)
          + "; choose another --out", e);
    }
    Path probe = dir.resolve(".cnn-write-check");
    try {
      AtomicFiles.writeString(probe, "cnn train checks that it can write here\n");
      Files.deleteIfExists(probe);
    } catch (IOException e) {
      throw new IOException("cannot write in the output directory " + dir + ": " + reason(e.getCause() instanceof
          IOException c ? c : e) + "; choose another --out", e);
    }
  }

  /**
   * Fails when the directory's file system has less room than {@code modelBytes} times the model
   * copies a run keeps, plus a megabyte for metrics and plots.
   */
  public static void checkSpace(Path dir, long modelBytes) throws IOException {
    long needed = modelBytes * MODEL_COPIES + SLACK;
    long free = Files.getFileStore(dir).getUsableSpace();
    if (free < needed) {
      throw new IOException("the output directory " + dir + " has " + megabytes(free) + " free, but this run's "
          + "checkpoints need about " + megabytes(needed) + "; free some space or choose another --out");
    }
  }

  /** A model zip's size: its parameters and the updater's state, as floats (zip barely shrinks them). */
  public static long modelBytes(long params, long updaterState) {
    return 4 * (params + updaterState) + 64 * 1024;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static String reason(IOException e) {
    return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
  }
}
