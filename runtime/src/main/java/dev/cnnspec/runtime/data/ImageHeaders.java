package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image file's width and height read from its header, before anything decodes it: a PNG of a
 * few hundred bytes can claim 100,000 × 100,000 pixels, and OpenCV would allocate 30 GB of native
 * memory to decode it. The JDK's Image I/O readers parse only the header for
 * {@code getWidth}/{@code getHeight} (PNG's IHDR, JPEG's SOF, BMP, GIF, TIFF); the Netpbm family
 * has a text header read here. Formats without a header reader (JPEG 2000, WebP, OpenEXR) are
 * not taken from image folders, so that no image is decoded unchecked.
 */
final class ImageHeaders {
  /** The most pixels one image may have: 8192 × 8192; images are resized to the model's input anyway. */
  static final long MAX_PIXELS = 8192L * 8192;

  /** File extensions (lower case) whose header is checked, all of them formats OpenCV decodes. */
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "pbm", "pgm",
      "ppm", "pnm");

  private static final Set<String> NETPBM = Set.of("pbm", "pgm", "ppm", "pnm");

  private ImageHeaders() {}

  /** Checks that {@code file}'s header is readable and its size at most {@link #MAX_PIXELS}. */
  static void check(Path file, String extension) throws DataFormatException {
    long[] size;
    try {
      size = NETPBM.contains(extension) ? netpbm(file) : imageIo(file);
    } catch (IOException | RuntimeException e) {
      throw DataFormatException.inFile(file, "is not a readable " + extension.toUpperCase(Locale.ROOT)
          + " image: its header cannot be parsed (" + e.getMessage() + ")");
    }
    if (size == null) {
      throw DataFormatException.inFile(file, "is not a " + extension.toUpperCase(Locale.ROOT)
          + " image (no reader recognises its header); fix the file or its extension");
    }
    if (size[0] <= 0 || size[1] <= 0 || size[0] * size[1] > MAX_PIXELS) {
      throw DataFormatException.inFile(file, "declares " + size[0] + "x" + size[1] + " pixels in its header; at most "
          + MAX_PIXELS + " pixels (8192x8192) are decoded, so scale the image down or remove it");
    }
  }

  private static long[] imageIo(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new long[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  /** Netpbm: "P1".."P6", then width and height as decimal text, with '#' comments between tokens. */
  private static long[] netpbm(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      String magic = token(in);
      if (magic.length() != 2 || magic.charAt(0) != 'P' || magic.charAt(1) < '1' || magic.charAt(1) > '6') {
        return null;
      }
      return new long[] {number(token(in)), number(token(in))};
    }
  }

  private static long number(String token) throws IOException {
    if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
      throw new IOException("expected a width or height but found '" + token + "'");
    }
    return Long.parseLong(token);
  }

  /** The next whitespace-separated token, at most 16 characters, skipping comments. */
  private static String token(InputStream in) throws IOException {
    StringBuilder t = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '#') {
        while (c >= 0 && c != '\n' && c != '\r') {
          c = in.read();
        }
      } else if (Character.isWhitespace(c)) {
        if (t.length() > 0) {
          break;
        }
      } else if (t.length() < 16) {
        t.append((char) c);
      } else {
        break;
      }
    }
    return t.toString();
  }
}
