package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers (and a resumed run) see either the old content or the new, never a
 * torn file: write a sibling temp file, force it to disk, then rename it over the target with
 * {@code ATOMIC_MOVE}. A crash leaves at most a stray {@code .tmp} file, which is ignored.
 */
public final class AtomicFiles {
  static final String TMP_SUFFIX = ".tmp";
  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  private AtomicFiles() {}

  /** The content producer writes to the given temp file; it is then moved over {@code target}. */
  @FunctionalInterface
  public interface Writer {
    void write(Path tempFile) throws IOException;
  }

  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // A unique sibling created with the default permissions (createTempFile would make it 0600, and
    // the rename would carry that over to models and metrics meant to be shared).
    Path tmp = dir.resolve(target.getFileName() + "." + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
        + TMP_SUFFIX);
    try {
      Files.deleteIfExists(tmp);
      writer.write(tmp);
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void writeString(Path target, String text) throws IOException {
    write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    write(target, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(bytes);
      }
    });
  }
}
