package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file whose content is not what its format promises: a wrong magic number, a file that
 * ends early, counts that disagree, a CSV row with the wrong number of columns.
 *
 * <p>It is an {@link IOException} because it is found while reading and callers already handle
 * I/O failures; it is a distinct type so that the command line can print its message (which
 * names the file, the byte offset or line, and what was expected) without a stack trace. The
 * place is also available as {@link #file()} and {@link #position()} for tests and tools.
 */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What {@link #position()} counts. */
  public enum Unit {
    /** A byte offset from the start of the (uncompressed) content, 0-based. */
    BYTE_OFFSET,
    /** A line number, 1-based, as an editor shows it. */
    LINE
  }

  private final transient Path file;
  private final long position;
  private final Unit unit;

  private DataFormatException(Path file, long position, Unit unit, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.position = position;
    this.unit = unit;
  }

  /** A problem at a byte offset of a binary file (IDX, CIFAR). */
  public static DataFormatException atOffset(Path file, long offset, String problem) {
    return atOffset(file, offset, problem, null);
  }

  /** As {@link #atOffset(Path, long, String)}, keeping the low-level cause (a gzip error). */
  public static DataFormatException atOffset(Path file, long offset, String problem, Throwable cause) {
    return new DataFormatException(
        file, offset, Unit.BYTE_OFFSET, file + " at byte offset " + offset + ": " + problem, cause);
  }

  /** A problem on a line of a text file (CSV). */
  public static DataFormatException atLine(Path file, long line, String problem) {
    return new DataFormatException(file, line, Unit.LINE, file + ":" + line + ": " + problem, null);
  }

  /** A problem with a file or folder as a whole (no images, counts that disagree). */
  public static DataFormatException inFile(Path file, String problem) {
    return new DataFormatException(file, -1, Unit.BYTE_OFFSET, file + ": " + problem, null);
  }

  public Path file() {
    return file;
  }

  /** The byte offset or line number of the problem, or -1 when it concerns the whole file. */
  public long position() {
    return position;
  }

  public Unit unit() {
    return unit;
  }
}
