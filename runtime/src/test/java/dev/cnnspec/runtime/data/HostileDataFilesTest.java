package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data files written to break the loaders (issue 11, items 3–5): headers that lie about their
 * size, labels that would drive a loop to {@code Integer.MAX_VALUE}, empty parts that used to be
 * dropped without a word, and encodings that used to confuse. Each file is real and small; each
 * failure must name the file (and the offset or line) and say what to do.
 */
class HostileDataFilesTest {
  private static final List<String> TEN = MnistFiles.DIGIT_CLASS_NAMES;

  @TempDir Path dir;

  private Path images(int n) throws IOException {
    return TestFiles.write(dir.resolve("images"), TestFiles.idx(0x803, new int[] {n, 2, 2}, TestFiles.pattern(n, 2, 2)));
  }

  private static void assertNames(Path file, Exception e) {
    assertTrue(e.getMessage().contains(file.toString()), "names " + file + ": " + e.getMessage());
  }

  @Test
  void labelHeaderClaimingMaxIntItemsFailsBeforeAllocating() throws IOException {
    // 12 bytes that claim 2^31 - 1 labels: main allocated them (OutOfMemoryError: Requested array size).
    Path labels = TestFiles.write(dir.resolve("labels"), TestFiles.idx(0x801, new int[] {0x7FFFFFFF}, new byte[4]));
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(images(4), labels, TEN));
    assertEquals(labels, e.file());
    assertEquals(8, e.position());
    assertTrue(e.getMessage().contains("2147483647 label bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("holds only 4 bytes after the header"), e.getMessage());
  }

  @Test
  void gzipLabelHeaderClaimingMoreThanTheStreamCanHoldFails() throws IOException {
    // 0x7FFFFFF0 labels in ~40 bytes of gzip: main allocated 2 GB before finding the stream short.
    Path labels = TestFiles.write(dir.resolve("labels.gz"),
        TestFiles.gzip(TestFiles.idx(0x801, new int[] {0x7FFFFFF0}, new byte[4])));
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(images(4), labels, TEN));
    assertNames(labels, e);
    assertEquals(8, e.position());
    assertTrue(e.getMessage().contains("cannot expand to that much"), e.getMessage());
  }

  @Test
  void gzipHeaderWithinTheRatioIsStillBoundedByWhatTheStreamYields() throws IOException {
    // 3,000 images of 28×28 declared, 20,000 random bytes present: plausible for the compressed size,
    // so the stream is read and counted as it yields; the message says where it ended.
    byte[] padding = new byte[20_000];
    new java.util.Random(1).nextBytes(padding);
    byte[] raw = TestFiles.idx(0x803, new int[] {3000, 28, 28}, padding);
    Path file = TestFiles.write(dir.resolve("images.gz"), TestFiles.gzip(raw));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> IdxFormat.read(file, TestFiles.write(dir.resolve("l"), new byte[0]), TEN));
    assertNames(file, e);
    assertTrue(e.getMessage().contains("uncompressed data ends after 20000"), e.getMessage());
  }

  @Test
  void imageHeaderBeyondTheHeapBudgetFailsNamingTheWayOut() throws IOException {
    // 60,000 images of 20,000 × 20,000: 24 TB; raw, so the file size already refutes it.
    Path file = TestFiles.write(dir.resolve("huge"), TestFiles.idx(0x803, new int[] {60000, 20000, 20000}, new byte[8]));
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(file, file, TEN));
    assertEquals(16, e.position());
    assertTrue(e.getMessage().contains("holds only 8 bytes"), e.getMessage());
    // The budget itself, for a size that a file could really hold.
    DataFormatException b = assertThrows(DataFormatException.class,
        () -> MemoryBudget.check(file, 16, Integer.MAX_VALUE, "2^31 pixels"));
    assertTrue(b.getMessage().contains("more than a quarter of the Java heap") && b.getMessage().contains("CNN_HEAP"),
        b.getMessage());
  }

  @Test
  void bytesAfterTheGzipMemberAreAnError() throws IOException {
    byte[] gz = TestFiles.gzip(TestFiles.idx(0x801, new int[] {4}, new byte[] {1, 2, 3, 4}));
    byte[] withTail = new byte[gz.length + 7];
    System.arraycopy(gz, 0, withTail, 0, gz.length);
    System.arraycopy("garbage".getBytes(StandardCharsets.US_ASCII), 0, withTail, gz.length, 7);
    Path labels = TestFiles.write(dir.resolve("labels.gz"), withTail);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(images(4), labels, TEN));
    assertNames(labels, e);
    assertTrue(e.getMessage().contains("Garbage after a valid .gz stream"), e.getMessage());
    assertTrue(e.getMessage().contains("download it again"), e.getMessage());
  }

  @Test
  void concatenatedGzipMembersAreOneValidStream() throws IOException {
    byte[] raw = TestFiles.idx(0x801, new int[] {4}, new byte[] {1, 2, 3, 4});
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(TestFiles.gzip(java.util.Arrays.copyOf(raw, 9)));
    two.write(TestFiles.gzip(java.util.Arrays.copyOfRange(raw, 9, raw.length)));
    Path labels = TestFiles.write(dir.resolve("labels.gz"), two.toByteArray());
    ImageSet set = IdxFormat.read(images(4), labels, TEN);
    assertEquals(4, set.label(3));
  }

  @Test
  void csvLabelOfMaxIntIsAnErrorNamingRowAndColumnNotAHang() throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, "label,p0,p1,p2,p3\n1,0,0,0,0\n2147483647,0,0,0,0\n");
    // main looped up to the largest label, overflowing int, and never returned.
    DataFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(csv)));
    assertEquals(3, e.position());
    assertTrue(e.getMessage().startsWith(csv + ":3: column 1: expected a class label 0..9999"), e.getMessage());
    assertTrue(e.getMessage().contains("'2147483647'"), e.getMessage());
  }

  @Test
  void csvLabelBeyondTheModelsClassesIsAnError() throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, "p0,p1,p2,label,p3\n0,0,0,9,0\n0,0,0,10,0\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(csv, 10));
    assertEquals(csv + ":3: column 4: expected a class label 0..9 (the model has 10 classes) but found '10'",
        e.getMessage());
    // and with the class count known, a set whose labels stop short still has all the model's classes
    Files.writeString(csv, "p0,p1,p2,label,p3\n0,0,0,2,0\n");
    assertEquals(10, CsvPixelFormat.read(csv, 10).numClasses());
  }

  @Test
  void csvWithUtf8BomReadsLikeWithout() throws IOException {
    StringBuilder text = new StringBuilder("label");
    for (int k = 0; k < 784; k++) {
      text.append(",pixel").append(k);
    }
    text.append('\n').append(7);
    for (int k = 0; k < 784; k++) {
      text.append(',').append(k % 256);
    }
    text.append('\n');
    Path csv = dir.resolve("bom.csv");
    Files.write(csv, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
    // main: "cannot tell the image size from 785 pixel columns" (the BOM hid the label column)
    ImageSet set = CsvPixelFormat.read(csv);
    assertEquals(28, set.height());
    assertEquals(7, set.label(0));
    assertEquals(100, set.pixel(0, 0, 3, 16));
    // a BOM before a header-less first row too
    Path bare = dir.resolve("bare.csv");
    Files.write(bare, ("\uFEFF" + "3,1,2,3,4\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(3, CsvPixelFormat.read(bare).label(0));
  }

  private Path cifarRecords(Path file, int n) throws IOException {
    byte[] b = new byte[n * Cifar10Format.RECORD];
    for (int i = 0; i < n; i++) {
      b[i * Cifar10Format.RECORD] = (byte) (i % 10);
    }
    return TestFiles.write(file, b);
  }

  @Test
  void emptyCifarBatchIsAnErrorNamingIt() throws IOException {
    for (int i = 1; i <= 5; i++) {
      cifarRecords(dir.resolve("data_batch_" + i + ".bin"), i == 2 ? 0 : 2);
    }
    // main trained on the other four batches without a word
    DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Format.readTrain(dir));
    assertEquals(dir.resolve("data_batch_2.bin"), e.file());
    assertTrue(e.getMessage().startsWith(dir.resolve("data_batch_2.bin") + ": is empty"), e.getMessage());
  }

  @Test
  void latin1MetaFileIsReadAsLatin1() throws IOException {
    cifarRecords(dir.resolve("test_batch.bin"), 10);
    String names = "avión\nautomóvil\npájaro\ngato\nciervo\nperro\nrana\ncaballo\nbarco\ncamión\n";
    Files.write(dir.resolve("batches.meta.txt"), names.getBytes(StandardCharsets.ISO_8859_1));
    // main: MalformedInputException "Input length = 1"
    ImageSet set = Cifar10Format.readTest(dir);
    assertEquals("avión", set.classNames().get(0));
    assertEquals("camión", set.classNames().get(9));
    Files.write(dir.resolve("batches.meta.txt"), ("\uFEFF" + names).getBytes(StandardCharsets.UTF_8));
    assertEquals("avión", Cifar10Format.readTest(dir).classNames().get(0));
  }

  @Test
  void emptyClassFolderIsAnErrorNamingIt() throws IOException {
    TestFiles.write(dir.resolve("cat/a.png"), TestFiles.png(6));
    Files.createDirectories(dir.resolve("dog"));
    TestFiles.write(dir.resolve("emu/a.png"), TestFiles.png(6));
    // main dropped "dog", so "emu" became class 1
    DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderFormat.read(dir, 6, 6, 1));
    assertEquals(dir.resolve("dog"), e.file());
    assertTrue(e.getMessage().contains("add its images or remove the folder"), e.getMessage());
  }

  @Test
  void pngClaimingHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
    Path png = TestFiles.write(dir.resolve("big/a.png"), TestFiles.pngClaiming(TestFiles.png(6), 100_000, 100_000));
    TestFiles.write(dir.resolve("small/a.png"), TestFiles.png(6));
    DataFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThrows(DataFormatException.class, () -> ImageFolderFormat.read(dir, 6, 6, 1)));
    assertEquals(png, e.file());
    assertTrue(e.getMessage().contains("declares 100000x100000 pixels"), e.getMessage());
  }

  @Test
  void jpegClaimingHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(6, 6, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", bytes);
    byte[] jpeg = bytes.toByteArray();
    // the baseline start-of-frame segment: FF C0, length, precision, then height and width (16 bits each)
    int sof = 2;
    while (!((jpeg[sof] & 0xFF) == 0xFF && (jpeg[sof + 1] & 0xFF) == 0xC0)) {
      sof++;
    }
    for (int at : new int[] {sof + 5, sof + 7}) {
      jpeg[at] = (byte) 0xFD;
      jpeg[at + 1] = (byte) 0xE8; // 65,000
    }
    Path file = TestFiles.write(dir.resolve("c/big.jpg"), jpeg);
    DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderFormat.read(dir, 6, 6, 3));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("declares 65000x65000 pixels"), e.getMessage());
  }

  @Test
  void imageWithAnUnreadableHeaderIsNamed() throws IOException {
    Path bad = TestFiles.write(dir.resolve("c/bad.png"), "not a png at all".getBytes(StandardCharsets.US_ASCII));
    DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderFormat.read(dir, 6, 6, 1));
    assertEquals(bad, e.file());
  }

  // Found by the data-file fuzzer (DataFileFuzzTest), each failing before its fix:

  @Test
  void dimensionsWhoseProductOverflowsALongAreRefused() throws IOException {
    // 2^20 × 2^22 × 2^22 wraps to 0 in a long; 0x7FFFFFFF × 0x7FFFFFFF × 3 to a negative number
    // that became a positive int and an OutOfMemoryError (or a NegativeArraySizeException).
    for (int[] dims : new int[][] {{1 << 20, 1 << 22, 1 << 22}, {0x7FFFFFFF, 0x7FFFFFFF, 3}}) {
      Path file = TestFiles.write(dir.resolve("wrap"), TestFiles.idx(0x803, dims, new byte[64]));
      DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(file, file, TEN));
      assertEquals(16, e.position(), e.getMessage());
      assertTrue(e.getMessage().contains("holds only 64 bytes after the header"), e.getMessage());
    }
  }

  @Test
  void unterminatedCsvQuoteIsAnErrorNamingTheLine() throws IOException {
    Path csv = dir.resolve("q.csv");
    Files.writeString(csv, "label,p0,p1,p2,p3\n1,0,0,0,0\n2,0,\"0,0,0\n");
    // main: RuntimeException from DataVec's CSVRecordReader, an internal error
    DataFormatException e = assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(csv));
    assertEquals(3, e.position());
    assertTrue(e.getMessage().startsWith(csv + ":3: cannot be parsed as CSV (Un-terminated quoted field"),
        e.getMessage());
  }

  @Test
  void shortMetaFileIsNamedWhenALabelExceedsIt() throws IOException {
    cifarRecords(dir.resolve("test_batch.bin"), 3);
    Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n");
    // main blamed test_batch.bin: "this is not a CIFAR-10 binary file"
    DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Format.readTest(dir));
    assertEquals(dir.resolve("test_batch.bin"), e.file());
    assertTrue(e.getMessage().contains(dir.resolve("batches.meta.txt") + " lists only 2 class names"), e.getMessage());
  }
}
