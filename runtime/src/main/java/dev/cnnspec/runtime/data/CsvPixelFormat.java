package dev.cnnspec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaDataLine;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;

/**
 * Reads images stored as CSV rows of pixel values 0–255 through DataVec's {@link CSVRecordReader},
 * in the layout of Kaggle's digit recognizer: a header {@code label,pixel0,…,pixel783} and one
 * image per row. Its test file has no {@code label} column; such a file loads with unknown labels
 * (-1) for prediction.
 *
 * <p>The label column is the header column named {@code label} (any case, any position). Without
 * a header, the first column is the label when the other columns make an image and all of them
 * together do not. The image size follows from the number of pixel columns: a square gray image
 * (784 → 28×28×1) or three channel-major squares (3072 → 32×32×3). Classes are {@code 0…classes-1}
 * when the caller knows the model's class count (a label beyond it is an error naming the row and
 * column), else {@code 0…max label}, at most {@link #MAX_CLASSES}. A UTF-8 byte-order mark before
 * the first value is skipped: it marks the encoding and is not part of the header.
 */
public final class CsvPixelFormat {
  /** The most classes a CSV may imply without a known class count: larger labels are not class indices. */
  public static final int MAX_CLASSES = 10_000;

  private CsvPixelFormat() {}

  /** Reads {@code file} with classes {@code 0…max label}. */
  public static ImageSet read(Path file) throws IOException {
    return read(file, 0);
  }

  /**
   * Reads {@code file}; {@code classes} is the model's number of classes, or 0 when unknown.
   */
  public static ImageSet read(Path file, int classes) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "CSV file not found");
    }
    CSVRecordReader reader = new CSVRecordReader(0, ',');
    try {
      reader.initialize(new FileSplit(file.toFile()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening " + file, e);
    }
    if (!reader.hasNext()) {
      throw DataFormatException.inFile(file, "expected a header and rows of pixels but the file is empty");
    }
    Record first = next(reader, file, 1);
    List<Writable> firstRow = first.getRecord();
    boolean header = firstRow.stream().anyMatch(w -> !isInteger(value(w)));
    int columns = firstRow.size();
    int labelColumn = header ? labelColumn(firstRow) : guessLabelColumn(columns);
    int pixels = columns - (labelColumn >= 0 ? 1 : 0);
    int[] hwc = imageSize(file, pixels);
    int labelLimit = classes > 0 ? classes : MAX_CLASSES;
    String layout = (labelColumn >= 0 ? "label + " : "") + pixels + " pixels";

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    byte[] row = new byte[pixels];
    Record record = header ? null : first;
    long line = 1;
    while (record != null || reader.hasNext()) {
      if (record == null) {
        record = next(reader, file, line + 1);
      }
      line = ((RecordMetaDataLine) record.getMetaData()).getLineNumber() + 1L;
      List<Writable> values = record.getRecord();
      if (values.size() != columns) {
        throw DataFormatException.atLine(file, line, "expected " + columns + " columns (" + layout
            + (header ? ", as the header on line 1 says" : ", as line 1 has") + ") but found " + values.size());
      }
      int label = -1;
      for (int col = 0, p = 0; col < columns; col++) {
        String text = value(values.get(col));
        if (col == labelColumn) {
          label = parse(file, line, col, text, labelLimit - 1, classes > 0
              ? "a class label 0.." + (classes - 1) + " (the model has " + classes + " classes)"
              : "a class label 0.." + (MAX_CLASSES - 1));
        } else {
          row[p++] = (byte) parse(file, line, col, text, 255, "a pixel value 0..255");
        }
      }
      labels.add(label);
      bytes.write(row, 0, pixels);
      record = null;
    }
    if (labels.isEmpty()) {
      throw DataFormatException.inFile(file, "has a header but no rows of pixels");
    }
    int count = classes > 0 ? classes : labels.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<String> classNames = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      classNames.add(Integer.toString(k));
    }
    return new ImageSet(bytes.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(),
        hwc[0], hwc[1], hwc[2], classNames);
  }

  /** A cell's text without surrounding blanks or a byte-order mark (DataVec leaves the BOM in the first cell). */
  private static String value(Writable w) {
    String s = w.toString();
    return (s.startsWith(TextFiles.BOM) ? s.substring(1) : s).strip();
  }

  /** The next row; DataVec's parse errors (an unterminated quote) become errors naming the line. */
  private static Record next(CSVRecordReader reader, Path file, long line) throws DataFormatException {
    try {
      return reader.nextRecord();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw DataFormatException.atLine(file, line, "cannot be parsed as CSV (" + cause.getMessage()
          + "); pixel CSVs hold comma-separated numbers, without quotes");
    }
  }

  private static int labelColumn(List<Writable> header) {
    for (int i = 0; i < header.size(); i++) {
      if (value(header.get(i)).equalsIgnoreCase("label")) {
        return i;
      }
    }
    return -1;
  }

  private static int guessLabelColumn(int columns) {
    return !isImage(columns) && isImage(columns - 1) ? 0 : -1;
  }

  /** {h, w, c} for a pixel count, or an error saying which counts work. */
  private static int[] imageSize(Path file, int pixels) throws DataFormatException {
    int gray = square(pixels);
    if (gray > 0) {
      return new int[] {gray, gray, 1};
    }
    int rgb = pixels % 3 == 0 ? square(pixels / 3) : 0;
    if (rgb > 0) {
      return new int[] {rgb, rgb, 3};
    }
    throw DataFormatException.atLine(file, 1, "cannot tell the image size from " + pixels
        + " pixel columns; expected a square number of gray pixels (784 = 28x28) or 3 channel-major squares"
        + " (3072 = 3x32x32), plus an optional column named 'label'");
  }

  /** Whether {@code values} pixel columns make an image (gray or 3-channel square). */
  private static boolean isImage(int values) {
    return square(values) > 0 || values % 3 == 0 && square(values / 3) > 0;
  }

  /** The integer square root of {@code n} if {@code n} is a positive square, else 0. */
  private static int square(int n) {
    int s = (int) Math.round(Math.sqrt(n));
    return s > 0 && s * s == n ? s : 0;
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int parse(Path file, long line, int col, String text, int max, String expected)
      throws DataFormatException {
    long v = -1;
    if (isInteger(text) && text.length() < 11) {
      v = Long.parseLong(text);
    }
    if (v < 0 || v > max) {
      throw DataFormatException.atLine(file, line, "column " + (col + 1) + ": expected " + expected
          + " but found '" + text + "'");
    }
    return (int) v;
  }
}
