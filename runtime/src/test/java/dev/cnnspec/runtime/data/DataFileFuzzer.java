package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child JVM of the data-file fuzzer: runs the loaders on cases {@code from ≤ i < to} of a
 * seed, one file at a time, and prints one line per case for {@link DataFileFuzzRunner}, which
 * watches the time and the process. Lines: {@code READY}, then per case
 * {@code <i>\t<OUTCOME>\t<kind>\t<detail>} where the outcome is
 * <ul>
 *   <li>{@code ACCEPTED} — the loader returned a set;
 *   <li>{@code REJECTED} — it raised an {@code IOException} or {@code IllegalArgumentException}
 *       whose message names the mutated file (the detail is the message);
 *   <li>{@code UNNAMED} — such an exception whose message does not name the file;
 *   <li>{@code UNCAUGHT} — any other exception, a bug (the detail is the stack trace's top);
 *   <li>{@code OOM} — an {@code OutOfMemoryError}; the child exits after it.
 * </ul>
 * A case that never prints is a hang (the runner kills the child); a child that dies is a crash.
 *
 * <p>Usage: {@code DataFileFuzzer SEED FROM TO WORKDIR}.
 */
public final class DataFileFuzzer {
  private DataFileFuzzer() {}

  public static void main(String[] args) throws IOException {
    long seed = Long.parseLong(args[0]);
    int from = Integer.parseInt(args[1]);
    int to = Integer.parseInt(args[2]);
    Path work = Path.of(args[3]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // Load the natives (ND4J, OpenCV) before the first timed case: they take seconds once.
    warmUp(work.resolve("warm-up"));
    out.println("READY");
    for (int i = from; i < to; i++) {
      DataFileMutator.Case c = DataFileMutator.make(seed, i);
      Path dir = work.resolve("case-" + i);
      Path file = DataFileMutator.fileOf(dir, c.kind());
      String outcome;
      String detail;
      try {
        write(dir, c, file);
        ImageSet set = load(c.kind(), dir, i);
        outcome = "ACCEPTED";
        detail = set.toString();
      } catch (IOException | IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        outcome = message.contains(file.toString()) ? "REJECTED" : "UNNAMED";
        detail = e.getClass().getSimpleName() + ": " + message;
      } catch (OutOfMemoryError e) {
        out.println(i + "\tOOM\t" + c.kind() + "\t" + oneLine("[" + c.mutations() + "] " + trace(e)));
        System.exit(3);
        return;
      } catch (RuntimeException | StackOverflowError e) {
        outcome = "UNCAUGHT";
        detail = trace(e);
      }
      boolean keep = !outcome.equals("ACCEPTED") && !outcome.equals("REJECTED");
      if (!keep) {
        delete(dir);
      }
      out.println(i + "\t" + outcome + "\t" + c.kind() + "\t" + oneLine("[" + c.mutations() + "] " + detail));
    }
  }

  private static void write(Path dir, DataFileMutator.Case c, Path file) throws IOException {
    TestFiles.write(file, c.bytes());
    switch (c.kind()) {
      case IDX_IMAGES, IDX_IMAGES_GZ -> TestFiles.write(dir.resolve("train-labels-idx1-ubyte"),
          DataFileMutator.validLabels());
      case IDX_LABELS, IDX_LABELS_GZ -> TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
          DataFileMutator.validImages());
      case CIFAR_META -> TestFiles.write(dir.resolve("test_batch.bin"), DataFileMutator.validCifar());
      case PNG_GRAY, PNG_RGB -> TestFiles.write(dir.resolve("b/y.png"), DataFileMutator.validPng(false));
      default -> { }
    }
  }

  /** The loader a user's file would meet, as {@code cnn train --dataset} calls it. */
  static ImageSet load(DataFileMutator.Kind kind, Path dir, int i) throws IOException {
    return switch (kind) {
      case IDX_IMAGES, IDX_IMAGES_GZ, IDX_LABELS, IDX_LABELS_GZ -> MnistFiles.read(dir, "train",
          MnistFiles.DIGIT_CLASS_NAMES);
      case CIFAR -> Cifar10Format.read(List.of(dir.resolve("data_batch_1.bin")), Cifar10Format.CLASS_NAMES);
      case CIFAR_META -> Cifar10Format.readTest(dir);
      case CSV -> CsvPixelFormat.read(dir.resolve("train.csv"), i % 2 == 0 ? 10 : 0);
      case PNG_GRAY, PNG_RGB -> ImageFolderFormat.read(dir, DataFileMutator.PNG_SIDE, DataFileMutator.PNG_SIDE,
          kind == DataFileMutator.Kind.PNG_RGB ? 3 : 1);
    };
  }

  private static void warmUp(Path dir) throws IOException {
    TestFiles.write(dir.resolve("a/x.png"), DataFileMutator.validPng(true));
    ImageFolderFormat.read(dir, 4, 4, 3);
    delete(dir);
  }

  private static String trace(Throwable e) {
    StringBuilder trace = new StringBuilder(e.toString());
    StackTraceElement[] st = e.getStackTrace();
    for (int k = 0; k < Math.min(6, st.length); k++) {
      trace.append(" at ").append(st[k]);
    }
    return trace.toString();
  }

  private static String oneLine(String s) {
    String t = s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return t.length() <= 2000 ? t : t.substring(0, 2000) + "…";
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
