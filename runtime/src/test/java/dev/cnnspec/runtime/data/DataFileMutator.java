package dev.cnnspec.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The data-file fuzzer's inputs: small valid files of every format the loaders read, and
 * mutations of them — truncation, flipped bits, inserted, deleted and duplicated bytes, appended
 * garbage, and header fields set to lies (huge counts, zero, negative, a PNG size with a fixed CRC).
 * Case {@code i} of seed {@code s} is always the same file, so a failure is reproduced by its
 * number alone. For gzip inputs half of the mutations are made on the uncompressed bytes and then
 * compressed again (a valid stream that lies), half on the compressed bytes.
 */
final class DataFileMutator {
  /** The formats, each with the loader {@link DataFileFuzzer} runs on it. */
  enum Kind { IDX_IMAGES, IDX_IMAGES_GZ, IDX_LABELS, IDX_LABELS_GZ, CIFAR, CIFAR_META, CSV, PNG_GRAY, PNG_RGB }

  /** One mutated file: what it is, how it was made, and its bytes. */
  record Case(int index, Kind kind, String mutations, byte[] bytes) {}

  static final int COUNT = 8;
  static final int ROWS = 6;
  static final int COLS = 5;
  static final int PNG_SIDE = 8;

  private static final int[] LIES = {0x7FFFFFFF, 0x7FFFFFF0, 0, -1, 0x80000000, 1 << 20, 65536, 3};

  private DataFileMutator() {}

  static byte[] validImages() throws IOException {
    return TestFiles.idx(IdxFormat.IMAGES_MAGIC, new int[] {COUNT, ROWS, COLS}, TestFiles.pattern(COUNT, ROWS, COLS));
  }

  static byte[] validLabels() throws IOException {
    byte[] labels = new byte[COUNT];
    for (int i = 0; i < COUNT; i++) {
      labels[i] = (byte) (i % 10);
    }
    return TestFiles.idx(IdxFormat.LABELS_MAGIC, new int[] {COUNT}, labels);
  }

  static byte[] validCifar() {
    byte[] b = new byte[3 * Cifar10Format.RECORD];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % Cifar10Format.RECORD == 0 ? (i / Cifar10Format.RECORD) % 10 : i * 31);
    }
    return b;
  }

  static byte[] validMeta() {
    return String.join("\n", Cifar10Format.CLASS_NAMES).concat("\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] validCsv() {
    StringBuilder s = new StringBuilder("label");
    for (int k = 0; k < 16; k++) {
      s.append(",pixel").append(k);
    }
    s.append('\n');
    for (int r = 0; r < 5; r++) {
      s.append(r * 2);
      for (int k = 0; k < 16; k++) {
        s.append(',').append((r * 37 + k * 11) % 256);
      }
      s.append('\n');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] validPng(boolean rgb) throws IOException {
    if (!rgb) {
      return TestFiles.png(PNG_SIDE);
    }
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(PNG_SIDE, PNG_SIDE,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < PNG_SIDE; y++) {
      for (int x = 0; x < PNG_SIDE; x++) {
        img.setRGB(x, y, (x * 30) << 16 | (y * 30) << 8 | (x + y) * 15);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Case {@code index} of {@code seed}. */
  static Case make(long seed, int index) throws IOException {
    Random r = new Random(seed * 1_000_003L + index);
    Kind kind = Kind.values()[index % Kind.values().length];
    List<String> done = new ArrayList<>();
    byte[] bytes = switch (kind) {
      case IDX_IMAGES, IDX_IMAGES_GZ, IDX_LABELS, IDX_LABELS_GZ -> {
        byte[] raw = kind == Kind.IDX_IMAGES || kind == Kind.IDX_IMAGES_GZ ? validImages() : validLabels();
        int headerInts = kind == Kind.IDX_IMAGES || kind == Kind.IDX_IMAGES_GZ ? 4 : 2;
        boolean gz = kind == Kind.IDX_IMAGES_GZ || kind == Kind.IDX_LABELS_GZ;
        if (gz && r.nextBoolean()) {
          yield mutate(TestFiles.gzip(mutate(raw, r, headerInts, done)), r, 0, done);
        }
        byte[] m = mutate(raw, r, headerInts, done);
        yield gz ? TestFiles.gzip(m) : m;
      }
      case CIFAR -> mutate(validCifar(), r, 0, done);
      case CIFAR_META -> mutate(validMeta(), r, 0, done);
      case CSV -> mutateCsv(validCsv(), r, done);
      case PNG_GRAY, PNG_RGB -> mutatePng(validPng(kind == Kind.PNG_RGB), r, done);
    };
    return new Case(index, kind, String.join(" ", done), bytes);
  }

  /** 1–3 mutations; {@code headerInts} big-endian ints at the start may be set to lies. */
  private static byte[] mutate(byte[] in, Random r, int headerInts, List<String> done) {
    byte[] b = in;
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      int op = r.nextInt(headerInts > 0 ? 8 : 7);
      b = switch (op) {
        case 0 -> {
          int len = b.length == 0 ? 0 : r.nextInt(b.length);
          done.add("truncate@" + len);
          yield Arrays.copyOf(b, len);
        }
        case 1 -> flip(b, r, done);
        case 2 -> insert(b, r, done);
        case 3 -> delete(b, r, done);
        case 4 -> {
          byte[] tail = new byte[1 + r.nextInt(64)];
          r.nextBytes(tail);
          done.add("append" + tail.length);
          yield concat(b, tail);
        }
        case 5 -> duplicate(b, r, done);
        case 6 -> {
          byte[] c = b.clone();
          if (c.length > 0) {
            int at = r.nextInt(c.length);
            c[at] = (byte) (r.nextBoolean() ? 0xFF : 0);
            done.add("set@" + at);
          }
          yield c;
        }
        default -> {
          byte[] c = b.clone();
          int field = r.nextInt(headerInts);
          int lie = r.nextInt(4) == 0 ? r.nextInt() : LIES[r.nextInt(LIES.length)];
          if (c.length >= field * 4 + 4) {
            TestFiles.putInt(c, field * 4, lie);
          }
          done.add("header" + field + "=" + lie);
          yield c;
        }
      };
    }
    return b;
  }

  private static byte[] mutateCsv(byte[] csv, Random r, List<String> done) {
    if (r.nextInt(3) > 0) {
      return mutate(csv, r, 0, done);
    }
    // text-level lies: a huge, negative or non-numeric value in a random cell, a BOM, CR line ends
    String s = new String(csv, StandardCharsets.UTF_8);
    String[] lines = s.split("\n", -1);
    int row = 1 + r.nextInt(lines.length - 2);
    String[] cells = lines[row].split(",");
    int col = r.nextInt(cells.length);
    String[] values = {"2147483647", "99999999999", "-1", "256", "10", "1e9", "", "\"3\"", "٣", "0x10"};
    cells[col] = values[r.nextInt(values.length)];
    lines[row] = String.join(",", cells);
    done.add("cell" + row + "," + col + "=" + cells[col]);
    String text = String.join("\n", lines);
    if (r.nextBoolean()) {
      text = "\uFEFF" + text;
      done.add("bom");
    }
    if (r.nextInt(4) == 0) {
      text = text.replace("\n", "\r");
      done.add("cr");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mutatePng(byte[] png, Random r, List<String> done) {
    if (r.nextInt(3) > 0) {
      return mutate(png, r, 0, done);
    }
    int[] sides = {100_000, 30_000, 65_535, 0, -1, 1, 0x7FFFFFFF, 9000};
    int w = sides[r.nextInt(sides.length)];
    int h = r.nextBoolean() ? w : sides[r.nextInt(sides.length)];
    done.add("ihdr=" + w + "x" + h);
    byte[] b = TestFiles.pngClaiming(png, w, h);
    return r.nextBoolean() ? b : mutate(b, r, 0, done);
  }

  private static byte[] flip(byte[] b, Random r, List<String> done) {
    byte[] c = b.clone();
    int flips = 1 + r.nextInt(8);
    for (int k = 0; k < flips && c.length > 0; k++) {
      int at = r.nextInt(c.length);
      c[at] ^= (byte) (1 << r.nextInt(8));
    }
    done.add("flip" + flips);
    return c;
  }

  private static byte[] insert(byte[] b, Random r, List<String> done) {
    int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
    byte[] extra = new byte[1 + r.nextInt(16)];
    r.nextBytes(extra);
    done.add("insert" + extra.length + "@" + at);
    return concat(concat(Arrays.copyOf(b, at), extra), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] delete(byte[] b, Random r, List<String> done) {
    int[] span = span(b, r, 32);
    if (span == null) {
      return b;
    }
    done.add("delete" + span[1] + "@" + span[0]);
    return concat(Arrays.copyOf(b, span[0]), Arrays.copyOfRange(b, span[0] + span[1], b.length));
  }

  private static byte[] duplicate(byte[] b, Random r, List<String> done) {
    int[] span = span(b, r, 4096);
    if (span == null) {
      return b;
    }
    int end = span[0] + span[1];
    done.add("duplicate" + span[1] + "@" + span[0]);
    return concat(concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, span[0], end)), Arrays.copyOfRange(b, end, b.length));
  }

  /** A random {start, length} inside {@code b}, at most {@code max} long, or null for an empty array. */
  private static int[] span(byte[] b, Random r, int max) {
    if (b.length == 0) {
      return null;
    }
    int at = r.nextInt(b.length);
    return new int[] {at, 1 + r.nextInt(Math.min(max, b.length - at))};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The file name a case is written under in its own directory. */
  static Path fileOf(Path caseDir, Kind kind) {
    return switch (kind) {
      case IDX_IMAGES, IDX_IMAGES_GZ -> caseDir.resolve("train-images-idx3-ubyte");
      case IDX_LABELS, IDX_LABELS_GZ -> caseDir.resolve("train-labels-idx1-ubyte");
      case CIFAR -> caseDir.resolve("data_batch_1.bin");
      case CIFAR_META -> caseDir.resolve("batches.meta.txt");
      case CSV -> caseDir.resolve("train.csv");
      case PNG_GRAY, PNG_RGB -> caseDir.resolve("a/x.png");
    };
  }
}
