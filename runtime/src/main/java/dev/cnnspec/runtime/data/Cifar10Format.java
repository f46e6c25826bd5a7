package dev.cnnspec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version: files of records, each one label byte (0–9) followed by
 * 3,072 pixel bytes, channel-major RGB 32×32 — already the layout {@link ImageSet} keeps. The
 * training set is {@code data_batch_1.bin} … {@code data_batch_5.bin}, the test set
 * {@code test_batch.bin}; class names come from {@code batches.meta.txt} when present.
 *
 * <p>The format has no header, so a partial last record and an out-of-range label are the only
 * signs of a wrong or damaged file; both are reported with the byte offset of the record.
 */
public final class Cifar10Format {
  /** The names CIFAR-10 ships in batches.meta.txt, used when that file is absent. */
  public static final List<String> CLASS_NAMES = List.of(
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  static final int SIDE = 32;
  static final int CHANNELS = 3;
  static final int RECORD = 1 + CHANNELS * SIDE * SIDE;
  private static final long MAX_META_BYTES = 64 * 1024;

  private Cifar10Format() {}

  /** The five training batches of {@code dir} as one set. */
  public static ImageSet readTrain(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      files.add(dir.resolve("data_batch_" + i + ".bin"));
    }
    return read(files, classNames(dir), meta(dir));
  }

  /** The test batch of {@code dir}. */
  public static ImageSet readTest(Path dir) throws IOException {
    return read(List.of(dir.resolve("test_batch.bin")), classNames(dir), meta(dir));
  }

  /** Reads and concatenates the given batch files, in order. */
  public static ImageSet read(List<Path> files, List<String> classNames) throws IOException {
    return read(files, classNames, null);
  }

  /** @param namesFrom the file {@code classNames} came from, named when a label exceeds them, or null */
  private static ImageSet read(List<Path> files, List<String> classNames, Path namesFrom) throws IOException {
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    byte[] record = new byte[RECORD];
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null,
            "CIFAR-10 batch file missing; the directory must hold the binary version "
                + "(data_batch_1.bin … data_batch_5.bin, test_batch.bin)");
      }
      try (BinaryInput in = BinaryInput.open(file)) {
        while (true) {
          long at = in.offset();
          int got = in.read(record, 0, RECORD);
          if (got == 0 && at == 0) {
            throw DataFormatException.inFile(file, "is empty; a CIFAR-10 batch holds 10,000 records of " + RECORD
                + " bytes; download the data set again, or pass only the batches you have");
          }
          if (got == 0) {
            break;
          }
          // The format has no header: a gzip-compressed batch is bounded by what it yields, checked as it grows.
          MemoryBudget.check(file, at, (long) pixels.size() + RECORD, "the CIFAR-10 records read so far");
          if (got < RECORD) {
            throw DataFormatException.atOffset(file, at, "expected a " + RECORD
                + "-byte record (1 label byte + 3072 pixel bytes) but the file ends after " + got
                + " bytes; the file is truncated or not the CIFAR-10 binary version");
          }
          int label = record[0] & 0xFF;
          if (label >= classNames.size()) {
            throw DataFormatException.atOffset(file, at, "expected a label byte 0.." + (classNames.size() - 1)
                + " but found " + label + (namesFrom != null && label < CLASS_NAMES.size()
                    ? "; " + namesFrom + " lists only " + classNames.size() + " class names: fix it (one name per"
                        + " line) or delete it to use CIFAR-10's ten"
                    : "; this is not a CIFAR-10 binary file (CIFAR-100 has 2 label bytes)"));
          }
          labels.add(label);
          pixels.write(record, 1, RECORD - 1);
        }
      }
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("no CIFAR-10 batch files given");
    }
    return new ImageSet(pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(),
        SIDE, SIDE, CHANNELS, classNames);
  }

  /**
   * The class names of {@code batches.meta.txt}, one per line. The file is read as UTF-8 (a BOM is
   * skipped) and, when it is not valid UTF-8, as Latin-1, the other encoding such files come in:
   * every byte is a Latin-1 character, so the names are read rather than refused.
   */
  static List<String> classNames(Path dir) throws IOException {
    Path meta = meta(dir);
    if (meta == null) {
      return CLASS_NAMES;
    }
    long size = Files.size(meta);
    if (size > MAX_META_BYTES) {
      throw DataFormatException.inFile(meta, "is " + size + " bytes; a CIFAR-10 batches.meta.txt lists 10 class names"
          + " (under " + MAX_META_BYTES + " bytes); replace it with the data set's own or delete it");
    }
    String text = TextFiles.decode(Files.readAllBytes(meta));
    List<String> names = text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (names.isEmpty()) {
      return CLASS_NAMES;
    }
    if (names.size() > 256) {
      throw DataFormatException.inFile(meta, "lists " + names.size() + " class names but a label byte can name"
          + " at most 256; fix the file (one name per line) or delete it to use CIFAR-10's names");
    }
    return names;
  }

  /** {@code dir}'s batches.meta.txt, or null when there is none. */
  private static Path meta(Path dir) {
    Path meta = dir.resolve("batches.meta.txt");
    return Files.isRegularFile(meta) ? meta : null;
  }
}
