package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFormatTest {
  private static final List<String> TEN = MnistFiles.DIGIT_CLASS_NAMES;

  @TempDir Path dir;

  private Path images(String name, int n, boolean gzip) throws IOException {
    byte[] raw = TestFiles.idx(0x803, new int[] {n, 3, 2}, TestFiles.pattern(n, 3, 2));
    return TestFiles.write(dir.resolve(name), gzip ? TestFiles.gzip(raw) : raw);
  }

  private Path labels(String name, byte[] labels, boolean gzip) throws IOException {
    byte[] raw = TestFiles.idx(0x801, new int[] {labels.length}, labels);
    return TestFiles.write(dir.resolve(name), gzip ? TestFiles.gzip(raw) : raw);
  }

  @Test
  void readsRawAndGzipAlike() throws IOException {
    byte[] l = {3, 1, 4, 1};
    ImageSet raw = IdxFormat.read(images("i", 4, false), labels("l", l, false), TEN);
    // Gzip is detected by magic, not name: give the gzip files names without .gz.
    ImageSet gz = IdxFormat.read(images("i2", 4, true), labels("l2", l, true), TEN);
    for (ImageSet s : List.of(raw, gz)) {
      assertEquals(4, s.size());
      assertEquals(3, s.height());
      assertEquals(2, s.width());
      assertEquals(1, s.channels());
      assertEquals(4, s.label(2));
      // image 2, row 1, col 1 is pixel k = 3 of image 2: (2*7 + 3) % 256
      assertEquals(17, s.pixel(2, 0, 1, 1));
    }
    assertArrayEquals(raw.image(3), gz.image(3));
  }

  @Test
  void wrongMagicNamesFileOffsetAndExpectation() throws IOException {
    Path lab = labels("l", new byte[] {1}, false);
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> IdxFormat.read(lab, lab, TEN)); // a labels file where images are expected
    assertEquals(lab, e.file());
    assertEquals(0, e.position());
    assertTrue(e.getMessage().contains(lab.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset 0"), e.getMessage());
    assertTrue(e.getMessage().contains("expected IDX magic 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("found 0x00000801"), e.getMessage());
    assertTrue(e.getMessage().contains("swapped"), e.getMessage());

    Path junk = TestFiles.write(dir.resolve("junk"), "hello world, not idx".getBytes());
    e = assertThrows(DataFormatException.class, () -> IdxFormat.read(junk, lab, TEN));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
  }

  @Test
  void shortReadGivesOffsetWhereDataEnds() throws IOException {
    byte[] full = TestFiles.idx(0x803, new int[] {4, 3, 2}, TestFiles.pattern(4, 3, 2));
    Path cut = TestFiles.write(dir.resolve("cut"), Arrays.copyOf(full, full.length - 5));
    Path lab = labels("l", new byte[4], false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(cut, lab, TEN));
    // The header is checked against the file's size before the pixels are read: 16 + 24 - 5 bytes hold 19 pixels.
    assertEquals(16, e.position());
    assertTrue(e.getMessage().contains("byte offset 16"), e.getMessage());
    assertTrue(e.getMessage().contains("declares 4 images of 3x2 pixels (24 bytes from offset 16)"), e.getMessage());
    assertTrue(e.getMessage().contains("holds only 19 bytes after the header"), e.getMessage());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path tiny = TestFiles.write(dir.resolve("tiny"), new byte[] {0, 0, 8, 3, 0, 0});
    Path lab = labels("l", new byte[1], false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(tiny, lab, TEN));
    assertEquals(6, e.position());
    assertTrue(e.getMessage().contains("expected the image count"), e.getMessage());
  }

  @Test
  void gzipThatEndsEarlyIsReported() throws IOException {
    byte[] gz = TestFiles.gzip(TestFiles.idx(0x803, new int[] {200, 28, 28}, TestFiles.pattern(200, 28, 28)));
    Path cut = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
    Path lab = labels("l", new byte[200], true);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(cut, lab, TEN));
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("gzip stream ends early"), e.getMessage());
    assertTrue(e.position() > 16 && e.position() < 16 + 200 * 784, "offset inside the pixels: " + e.position());
  }

  @Test
  void corruptGzipIsReported() throws IOException {
    byte[] gz = TestFiles.gzip(TestFiles.idx(0x801, new int[] {3000}, TestFiles.pattern(1, 1, 3000)));
    byte[] bad = gz.clone();
    for (int k = 20; k < 40; k++) {
      bad[k] ^= (byte) 0x5A;
    }
    Path file = TestFiles.write(dir.resolve("labels"), bad);
    Path img = images("i", 3000, false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(img, file, TEN));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file + " at byte offset "), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt gzip data"), e.getMessage());
  }

  @Test
  void labelCountMustMatchImageCount() throws IOException {
    Path img = images("i", 4, false);
    Path lab = labels("l", new byte[] {1, 2, 3}, false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(img, lab, TEN));
    assertTrue(e.getMessage().contains("holds 3 labels but " + img + " holds 4 images"), e.getMessage());
  }

  @Test
  void labelOutsideClassesNamesItsOffset() throws IOException {
    Path img = images("i", 3, false);
    Path lab = labels("l", new byte[] {1, 12, 3}, false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(img, lab, TEN));
    assertEquals(9, e.position());
    assertTrue(e.getMessage().contains("label 12 is outside the 10 classes"), e.getMessage());
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    byte[] full = TestFiles.idx(0x801, new int[] {2}, new byte[] {1, 2, 3});
    Path lab = TestFiles.write(dir.resolve("l"), full);
    Path img = images("i", 2, false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(img, lab, TEN));
    assertEquals(10, e.position());
    assertTrue(e.getMessage().contains("more bytes"), e.getMessage());
  }

  @Test
  void missingFashionMnistSaysHowToInstall() {
    var e = assertThrows(java.nio.file.NoSuchFileException.class,
        () -> MnistFiles.read(dir.resolve("nowhere"), "train", TEN, true));
    assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("bin/setup"), e.getMessage());
  }
}
