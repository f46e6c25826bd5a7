package dev.cnnspec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

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

  /** A gray {@code size × size} PNG whose pixel (x, y) is {@code (x * 16 + y) % 256}, encoded by Image I/O. */
  static byte[] png(int size) throws IOException {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        img.getRaster().setSample(x, y, 0, (x * 16 + y) % 256);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }

  /**
   * {@code png} with the width and height in its IHDR chunk replaced and the chunk's CRC fixed,
   * so that the header is valid and lies about the size (the IHDR starts at byte 8: length, "IHDR",
   * width at 16, height at 20, CRC at 29 over bytes 12..28).
   */
  static byte[] pngClaiming(byte[] png, int width, int height) {
    byte[] b = png.clone();
    putInt(b, 16, width);
    putInt(b, 20, height);
    CRC32 crc = new CRC32();
    crc.update(b, 12, 17);
    putInt(b, 29, (int) crc.getValue());
    return b;
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
