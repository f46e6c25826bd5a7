package dev.cnnspec.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A binary file read front to back that knows its byte offset, so that every format error can
 * say where it happened. Gzip is detected by its magic bytes (1f 8b), not by the file name, and
 * offsets count uncompressed bytes, the ones the format describes. A gzip stream that ends early
 * or is corrupt becomes a {@link DataFormatException} at the offset reached.
 */
final class BinaryInput implements Closeable {
  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private long offset;

  private BinaryInput(Path file, InputStream in, boolean gzip) {
    this.file = file;
    this.in = in;
    this.gzip = gzip;
  }

  static BinaryInput open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    try {
      // No buffering over the gzip stream: BufferedInputStream loops over several inner reads
      // and would drop the count of bytes already inflated when a later one fails.
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      return new BinaryInput(file, in, gzip);
    } catch (EOFException | ZipException e) {
      raw.close();
      throw DataFormatException.atOffset(file, 0, "the gzip header is truncated or corrupt (" + e.getMessage() + ")", e);
    }
  }

  Path file() {
    return file;
  }

  long offset() {
    return offset;
  }

  /** A big-endian 32-bit integer, as IDX headers store them. */
  int readInt(String what) throws IOException {
    byte[] b = new byte[4];
    readFully(b, 0, 4, what);
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  /** Reads exactly {@code len} bytes or fails naming {@code what} was expected. */
  void readFully(byte[] dst, int off, int len, String what) throws IOException {
    long start = offset;
    int got = read(dst, off, len);
    if (got < len) {
      throw DataFormatException.atOffset(file, offset, "expected " + what + " (" + len + " bytes from offset "
          + start + ") but the " + (gzip ? "uncompressed data ends" : "file ends") + " after " + got + " of them");
    }
  }

  /**
   * Reads up to {@code len} bytes, fewer only at the end of the data; 0 means the data ended
   * exactly here, which the CIFAR reader needs to tell a clean end from a partial record.
   */
  int read(byte[] dst, int off, int len) throws IOException {
    int got = 0;
    try {
      while (got < len) {
        // Bounded reads, so that an error mid-stream is reported at an offset close to the damage.
        int n = in.read(dst, off + got, Math.min(len - got, 1 << 16));
        if (n < 0) {
          break;
        }
        got += n;
        offset += n;
      }
    } catch (EOFException e) {
      throw DataFormatException.atOffset(file, offset,
          "the gzip stream ends early (the compressed file is truncated; download it again)", e);
    } catch (ZipException e) {
      throw DataFormatException.atOffset(file, offset, "corrupt gzip data (" + e.getMessage() + ")", e);
    }
    return got;
  }

  /** Whether no byte is left; used to reject trailing garbage after the declared content. */
  boolean atEnd() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
