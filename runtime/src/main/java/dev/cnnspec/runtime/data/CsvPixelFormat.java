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
 * (784 → 28×28×1) or three channel-major squares (3072 → 32×32×3). Classes are {@code 0…max label}.
 */
public final class CsvPixelFormat {
  private CsvPixelFormat() {}

  public static ImageSet read(Path file) throws IOException {
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
    Record first = reader.nextRecord();
    List<Writable> firstRow = first.getRecord();
    boolean header = firstRow.stream().anyMatch(w -> !isInteger(w.toString().strip()));
    int columns = firstRow.size();
    int labelColumn = header ? labelColumn(firstRow) : guessLabelColumn(columns);
    int pixels = columns - (labelColumn >= 0 ? 1 : 0);
    int[] hwc = imageSize(file, pixels);
    String layout = (labelColumn >= 0 ? "label + " : "") + pixels + " pixels";

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    byte[] row = new byte[pixels];
    Record record = header ? null : first;
    while (record != null || reader.hasNext()) {
      if (record == null) {
        record = reader.nextRecord();
      }
      long line = ((RecordMetaDataLine) record.getMetaData()).getLineNumber() + 1L;
      List<Writable> values = record.getRecord();
      if (values.size() != columns) {
        throw DataFormatException.atLine(file, line, "expected " + columns + " columns (" + layout
            + (header ? ", as the header on line 1 says" : ", as line 1 has") + ") but found " + values.size());
      }
      int label = -1;
      for (int col = 0, p = 0; col < columns; col++) {
        String text = values.get(col).toString().strip();
        if (col == labelColumn) {
          label = parse(file, line, col, text, Integer.MAX_VALUE, "a class label 0 or more");
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
    int maxLabel = labels.stream().mapToInt(Integer::intValue).max().orElse(-1);
    List<String> classNames = new ArrayList<>();
    for (int k = 0; k <= maxLabel; k++) {
      classNames.add(Integer.toString(k));
    }
    return new ImageSet(bytes.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(),
        hwc[0], hwc[1], hwc[2], classNames);
  }

  private static int labelColumn(List<Writable> header) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).toString().strip().equalsIgnoreCase("label")) {
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
