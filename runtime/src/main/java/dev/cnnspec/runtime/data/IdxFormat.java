package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzip or raw): an images file with magic
 * {@code 0x00000803} and dimensions count × rows × cols, and a labels file with magic
 * {@code 0x00000801} and one byte per image. Every deviation (wrong magic, short data, trailing
 * bytes, a label outside the classes, counts that disagree) is a {@link DataFormatException}
 * naming the file and byte offset, because a silently truncated training set is worse than none.
 * Header counts are checked against the data before anything is allocated
 * ({@link BinaryInput#readDeclared}).
 */
public final class IdxFormat {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private IdxFormat() {}

  /** Reads a pair of files into one set; {@code classNames} fixes the number of classes. */
  public static ImageSet read(Path imagesFile, Path labelsFile, List<String> classNames) throws IOException {
    Images images = readImages(imagesFile);
    byte[] labelBytes = readLabels(labelsFile);
    if (labelBytes.length != images.count) {
      throw DataFormatException.inFile(labelsFile, "holds " + labelBytes.length + " labels but " + imagesFile
          + " holds " + images.count + " images; the two files must come from the same set (train or t10k)");
    }
    int[] labels = new int[labelBytes.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = labelBytes[i] & 0xFF;
      if (labels[i] >= classNames.size()) {
        throw DataFormatException.atOffset(labelsFile, 8 + i,
            "label " + labels[i] + " is outside the " + classNames.size() + " classes 0.." + (classNames.size() - 1));
      }
    }
    return new ImageSet(images.pixels, labels, images.rows, images.cols, 1, classNames);
  }

  /** A count × rows × cols file of unsigned bytes: images, or per-pixel class masks ({@link MaskFiles}). */
  record Images(byte[] pixels, int count, int rows, int cols) {}

  static Images readImages(Path file) throws IOException {
    try (BinaryInput in = BinaryInput.open(file)) {
      checkMagic(in, IMAGES_MAGIC, "an images file: unsigned bytes, 3 dimensions");
      int count = readDim(in, "the image count");
      int rows = readDim(in, "the row count");
      int cols = readDim(in, "the column count");
      // Three positive ints can overflow a long; saturate, and the size checks refuse it.
      long total;
      try {
        total = Math.multiplyExact(Math.multiplyExact((long) count, rows), cols);
      } catch (ArithmeticException e) {
        total = Long.MAX_VALUE;
      }
      byte[] pixels = in.readDeclared(total, count + " images of " + rows + "x" + cols + " pixels");
      checkEnd(in);
      return new Images(pixels, count, rows, cols);
    }
  }

  private static byte[] readLabels(Path file) throws IOException {
    try (BinaryInput in = BinaryInput.open(file)) {
      checkMagic(in, LABELS_MAGIC, "a labels file: unsigned bytes, 1 dimension");
      int count = readDim(in, "the label count");
      byte[] labels = in.readDeclared(count, count + " label bytes");
      checkEnd(in);
      return labels;
    }
  }

  private static void checkMagic(BinaryInput in, int expected, String meaning) throws IOException {
    int magic = in.readInt("the 4-byte IDX magic number");
    if (magic != expected) {
      String hint = magic == IMAGES_MAGIC ? " (that is an images file: are the file names swapped?)"
          : magic == LABELS_MAGIC ? " (that is a labels file: are the file names swapped?)"
          : " (not an IDX file of unsigned bytes)";
      throw DataFormatException.atOffset(in.file(), 0, String.format(
          "expected IDX magic 0x%08X (%s) but found 0x%08X%s", expected, meaning, magic, hint));
    }
  }

  private static int readDim(BinaryInput in, String what) throws IOException {
    long at = in.offset();
    int n = in.readInt(what);
    if (n <= 0) {
      throw DataFormatException.atOffset(in.file(), at, "expected " + what + " to be positive but found " + n);
    }
    return n;
  }

  private static void checkEnd(BinaryInput in) throws IOException {
    long at = in.offset();
    if (!in.atEnd()) {
      throw DataFormatException.atOffset(in.file(), at,
          "expected the end of the data after the counts the header declares, but there are more bytes");
    }
  }
}
