package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that readers (and a resumed run) see either the old content or the new, never a
 * torn file: write a sibling temp file, force it to disk, then rename it over the target with
 * {@code ATOMIC_MOVE}. A crash leaves at most a stray {@code .tmp} file, which is ignored.
 *
 * <p>Any failure is reported as an {@link IOException} naming the target file (the JDK's "No space
 * left on device" names none, and its other messages name the temp file, which is gone by then).
 */
public final class AtomicFiles {
  static final String TMP_SUFFIX = ".tmp";
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  /** The content producer writes to the given temp file; it is then moved over {@code target}. */
  @FunctionalInterface
  public interface Writer {
    void write(Path tempFile) throws IOException;
  }

  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // A unique sibling created with the default permissions (createTempFile would make it 0600, and
    // the rename would carry that over to models and metrics meant to be shared).
    Path tmp = dir.resolve(target.getFileName() + "." + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
        + TMP_SUFFIX);
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(tmp);
      writer.write(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      FaultPoints.reached(FaultPoints.beforeRename(target));
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new IOException("cannot write " + target + ": " + reason(cause, tmp), cause);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write error is the one to report; a stray temp file is ignored by every reader
      }
    }
  }

  /** The system's reason without the temp file's name ("No space left on device", "Read-only file system"). */
  static String reason(IOException e, Path tmp) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String stripped = message.replace(tmp.toString(), "").replace(tmp.getFileName().toString(), "").strip();
    if (stripped.startsWith("(") && stripped.endsWith(")")) {
      stripped = stripped.substring(1, stripped.length() - 1);
    }
    return stripped.isEmpty() ? message : stripped;
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
