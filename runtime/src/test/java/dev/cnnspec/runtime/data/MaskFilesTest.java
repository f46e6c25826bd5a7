package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Masks beside images: read into one-hot per-pixel labels, and every mismatch named by file and offset. */
class MaskFilesTest {
  @TempDir Path dir;

  private void images(int n, int rows, int cols) throws IOException {
    TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
        TestFiles.idx(0x803, new int[] {n, rows, cols}, TestFiles.pattern(n, rows, cols)));
  }

  private Path masks(int n, int rows, int cols, byte[] classes) throws IOException {
    return TestFiles.write(dir.resolve("train-masks-idx3-ubyte.gz"),
        TestFiles.gzip(TestFiles.idx(0x803, new int[] {n, rows, cols}, classes)));
  }

  private static byte[] cycling(int n, int classes) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % classes);
    }
    return b;
  }

  @Test
  void readsMasksAsOneHotPerPixelLabels() throws IOException {
    images(2, 3, 2);
    masks(2, 3, 2, cycling(12, 3));
    MaskSet set = MaskFiles.read(dir, "train", 3);
    assertEquals(2, set.size());
    assertEquals(3, set.height());
    assertEquals(2, set.width());
    // image 1, row 2, col 0 is mask byte 6 + 4 = 10: class 10 % 3 = 1
    assertEquals(1, set.label(1, 2, 0));
    DataSet d = set.dataSet(0, 2);
    assertEquals(Arrays.toString(new long[] {2, 1, 3, 2}), Arrays.toString(d.getFeatures().shape()));
    assertEquals(Arrays.toString(new long[] {2, 3, 3, 2}), Arrays.toString(d.getLabels().shape()));
    assertEquals(1.0, d.getLabels().getDouble(1, 1, 2, 0));
    assertEquals(0.0, d.getLabels().getDouble(1, 0, 2, 0));
    assertEquals(12.0, d.getLabels().sumNumber().doubleValue(), "one class per pixel");
    // image 1, row 2, col 0 is pixel k = 4 of image 1: (1*7 + 4) % 256 = 11
    assertEquals(11 / 255.0, d.getFeatures().getDouble(1, 0, 2, 0), 1e-6);
  }

  @Test
  void aClassOutsideTheHeadNamesFilePixelAndOffset() throws IOException {
    images(2, 3, 2);
    byte[] m = new byte[12];
    m[9] = 5;
    Path file = masks(2, 3, 2, m);
    DataFormatException e = assertThrows(DataFormatException.class, () -> MaskFiles.read(dir, "train", 2));
    assertEquals(file, e.file());
    assertEquals(16 + 9, e.position());
    assertTrue(e.getMessage().contains("pixel (1, 1) of mask 1 is class 5, outside the 2 classes 0..1"), e.getMessage());
  }

  @Test
  void masksOfAnotherCountOrSizeAreRefused() throws IOException {
    images(2, 3, 2);
    masks(3, 3, 2, new byte[18]);
    DataFormatException e = assertThrows(DataFormatException.class, () -> MaskFiles.read(dir, "train", 2));
    assertTrue(e.getMessage().contains("holds 3 masks but") && e.getMessage().contains("holds 2 images"), e.getMessage());
    masks(2, 2, 3, new byte[12]);
    e = assertThrows(DataFormatException.class, () -> MaskFiles.read(dir, "train", 2));
    assertTrue(e.getMessage().contains("masks are 2x3 but the images"), e.getMessage());
  }

  @Test
  void aTruncatedMaskFileIsRefusedAtItsOffset() throws IOException {
    images(2, 3, 2);
    byte[] full = TestFiles.idx(0x803, new int[] {2, 3, 2}, new byte[12]);
    Path cut = TestFiles.write(dir.resolve("train-masks-idx3-ubyte"), Arrays.copyOf(full, full.length - 3));
    DataFormatException e = assertThrows(DataFormatException.class, () -> MaskFiles.read(dir, "train", 2));
    assertEquals(cut, e.file());
    assertEquals(16, e.position());
  }

  @Test
  void aMissingMaskFileSaysWhatIsExpected() throws IOException {
    images(2, 3, 2);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MaskFiles.read(dir, "train", 2));
    assertTrue(e.getMessage().contains("train-masks-idx3-ubyte"), e.getMessage());
  }

  @Test
  void aLinkOutOfTheDirectoryIsRefused(@TempDir Path elsewhere) throws IOException {
    images(2, 3, 2);
    Path outside = TestFiles.write(elsewhere.resolve("secret"), TestFiles.idx(0x803, new int[] {2, 3, 2}, new byte[12]));
    Files.createSymbolicLink(dir.resolve("train-masks-idx3-ubyte"), outside);
    DataFormatException e = assertThrows(DataFormatException.class, () -> MaskFiles.read(dir, "train", 2));
    assertTrue(e.getMessage().contains("outside the data directory"), e.getMessage());
  }
}
