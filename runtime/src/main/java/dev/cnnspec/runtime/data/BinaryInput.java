package dev.cnnspec.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A binary file read front to back that knows its byte offset, so that every format error can
 * say where it happened. Gzip is detected by its magic bytes (1f 8b), not by the file name, and
 * offsets count uncompressed bytes, the ones the format describes. A gzip stream that ends early,
 * is corrupt, or has bytes after its last member (java.util.zip ignores those silently; Commons
 * Compress does not) becomes a {@link DataFormatException} at the offset reached.
 *
 * <p>Sizes a header declares are never trusted for allocation: {@link #readDeclared} checks them
 * against the file's size (raw) or what the compressed size can expand to (gzip) and the
 * {@link MemoryBudget}, and reads gzip data in chunks so that memory follows what the stream yields.
 */
final class BinaryInput implements Closeable {
  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private final long fileSize;
  private long offset;

  /** Deflate expands at most about 1032:1 (RFC 1951 blocks of 258-byte matches). */
  private static final long MAX_DEFLATE_RATIO = 1032;

  private static final int CHUNK = 1 << 20;
  private static final int STEP = 1 << 13;

  private BinaryInput(Path file, InputStream in, boolean gzip, long fileSize) {
    this.file = file;
    this.in = in;
    this.gzip = gzip;
    this.fileSize = fileSize;
  }

  static BinaryInput open(Path file) throws IOException {
    long size = Files.size(file);
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    try {
      // No buffering over the gzip stream: BufferedInputStream loops over several inner reads
      // and would drop the count of bytes already inflated when a later one fails.
      InputStream in = gzip ? new GzipCompressorInputStream(raw, true) : raw;
      return new BinaryInput(file, in, gzip, size);
    } catch (IOException e) {
      raw.close();
      String why = e instanceof EOFException ? "the file ends inside it" : e.getMessage();
      throw DataFormatException.atOffset(file, 0, "the gzip header is truncated or corrupt (" + why + ")", e);
    }
  }

  Path file() {
    return file;
  }

  long offset() {
    return offset;
  }

  /**
   * Reads the {@code length} bytes a header declares for {@code what}, after checking that the file
   * can hold them and that they fit in memory, so that a lying header fails before any allocation.
   */
  byte[] readDeclared(long length, String what) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    long start = offset;
    if (!gzip && length > fileSize - start) {
      throw DataFormatException.atOffset(file, start, "the header declares " + what + " (" + length
          + " bytes from offset " + start + ") but the file holds only " + (fileSize - start)
          + " bytes after the header; the file is truncated or its header is corrupt");
    }
    if (gzip && length / MAX_DEFLATE_RATIO > fileSize) {
      throw DataFormatException.atOffset(file, start, "the header declares " + what + " (" + length
          + " bytes) but " + fileSize + " bytes of gzip data cannot expand to that much; the header is corrupt");
    }
    MemoryBudget.check(file, start, length, what);
    if (!gzip) {
      byte[] all = new byte[(int) length];
      readFully(all, 0, all.length, what);
      return all;
    }
    // Chunks as the stream yields them: a header that lies costs at most what the data really holds.
    List<byte[]> chunks = new ArrayList<>();
    long left = length;
    while (left > 0) {
      byte[] chunk = new byte[(int) Math.min(left, CHUNK)];
      int got = read(chunk, 0, chunk.length);
      if (got < chunk.length) {
        throw DataFormatException.atOffset(file, offset, "expected " + what + " (" + length + " bytes from offset "
            + start + ") but the uncompressed data ends after " + (offset - start) + " of them");
      }
      chunks.add(chunk);
      left -= got;
    }
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    byte[] all = new byte[(int) length];
    int at = 0;
    for (byte[] chunk : chunks) {
      System.arraycopy(chunk, 0, all, at, chunk.length);
      at += chunk.length;
    }
    return all;
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
        // Bounded reads, so that an error mid-stream is reported at an offset close to the damage:
        // the gzip reader drops what it inflated in a call that fails.
        int n = in.read(dst, off + got, Math.min(len - got, STEP));
        if (n < 0) {
          break;
        }
        got += n;
        offset += n;
      }
    } catch (EOFException e) {
      throw DataFormatException.atOffset(file, offset,
          "the gzip stream ends early (the compressed file is truncated; download it again)", e);
    } catch (IOException e) {
      if (!gzip) {
        throw e;
      }
      throw DataFormatException.atOffset(file, offset, "corrupt gzip data (" + e.getMessage()
          + "); the compressed file is damaged or has bytes after its end: download it again", e);
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
