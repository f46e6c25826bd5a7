package dev.cnnspec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writers of small data files in the formats under test, built byte by byte from their specs. */
final class TestFiles {
  private TestFiles() {}

  /** IDX bytes: the magic, each dimension as a big-endian int, then the data. */
  static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  /** {@code n} images of {@code rows × cols} whose pixel k of image i is {@code (i * 7 + k) % 256}. */
  static byte[] pattern(int n, int rows, int cols) {
    byte[] b = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < rows * cols; k++) {
        b[i * rows * cols + k] = (byte) ((i * 7 + k) % 256);
      }
    }
    return b;
  }

  /** A small labelled set with given labels; pixels follow {@link #pattern}. */
  static ImageSet set(int[] labels, int h, int w, int c, int classes) {
    byte[] px = pattern(labels.length, h, w * c);
    String[] names = new String[classes];
    for (int k = 0; k < classes; k++) {
      names[k] = "c" + k;
    }
    return new ImageSet(px, labels, h, w, c, List.of(names));
  }

  /** Labels 0, 1, …, classes-1, 0, 1, … for n images. */
  static int[] cycling(int n, int classes) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % classes;
    }
    return l;
  }
}
