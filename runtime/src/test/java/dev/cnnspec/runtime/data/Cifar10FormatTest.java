package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10FormatTest {
  @TempDir Path dir;

  /** Records whose pixel (c, y, x) of record r is (r + 3c + y + x) % 256, label r % 10 + base. */
  private static byte[] records(int n, int base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int r = 0; r < n; r++) {
      out.write((r + base) % 10);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            out.write((r + 3 * c + y + x) % 256);
          }
        }
      }
    }
    return out.toByteArray();
  }

  private void writeDir(int perBatch) throws IOException {
    for (int b = 1; b <= 5; b++) {
      TestFiles.write(dir.resolve("data_batch_" + b + ".bin"), records(perBatch, b));
    }
    TestFiles.write(dir.resolve("test_batch.bin"), records(perBatch, 0));
  }

  @Test
  void readsTrainingBatchesInOrderChannelMajor() throws IOException {
    writeDir(3);
    ImageSet train = Cifar10Format.readTrain(dir);
    assertEquals(15, train.size());
    assertEquals(32, train.height());
    assertEquals(3, train.channels());
    assertEquals(Cifar10Format.CLASS_NAMES, train.classNames());
    // record 1 of batch 2 is image 4; its label is (1 + 2) % 10
    assertEquals(3, train.label(4));
    assertEquals((1 + 3 * 2 + 5 + 7) % 256, train.pixel(4, 2, 5, 7));
    assertEquals((1 + 0 + 31 + 0) % 256, train.pixel(4, 0, 31, 0));
    ImageSet test = Cifar10Format.readTest(dir);
    assertEquals(3, test.size());
    assertEquals(2, test.label(2));
  }

  @Test
  void classNamesComeFromMetaFileWhenPresent() throws IOException {
    writeDir(1);
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    Files.write(dir.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());
    assertEquals(names, Cifar10Format.readTest(dir).classNames());
  }

  @Test
  void partialRecordNamesOffset() throws IOException {
    byte[] two = records(2, 0);
    Path file = TestFiles.write(dir.resolve("test_batch.bin"), Arrays.copyOf(two, two.length - 100));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Cifar10Format.read(List.of(file), Cifar10Format.CLASS_NAMES));
    assertEquals(3073, e.position());
    assertTrue(e.getMessage().contains(file + " at byte offset 3073"), e.getMessage());
    assertTrue(e.getMessage().contains("expected a 3073-byte record"), e.getMessage());
    assertTrue(e.getMessage().contains("ends after 2973 bytes"), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesRecordOffset() throws IOException {
    byte[] three = records(3, 0);
    three[2 * 3073] = 42;
    Path file = TestFiles.write(dir.resolve("b.bin"), three);
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Cifar10Format.read(List.of(file), Cifar10Format.CLASS_NAMES));
    assertEquals(2 * 3073, e.position());
    assertTrue(e.getMessage().contains("expected a label byte 0..9 but found 42"), e.getMessage());
  }

  @Test
  void emptyAndMissingFiles() throws IOException {
    Path empty = TestFiles.write(dir.resolve("e.bin"), new byte[0]);
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Cifar10Format.read(List.of(empty), Cifar10Format.CLASS_NAMES));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Cifar10Format.readTrain(dir));
    assertTrue(missing.getMessage().contains("data_batch_1.bin"), missing.getMessage());
    assertTrue(missing.getMessage().contains("binary version"), missing.getMessage());
  }

  @Test
  void dataSourceOpensCifarDirectory() throws IOException {
    writeDir(4);
    DataSplits data = DataSources.open("cifar10:" + dir, DataOptions.defaults().withValidationFraction(0.25)
        .withInput(dev.cnnspec.model.Shape.spatial(32, 32, 3)).withPrefetch(0));
    assertEquals(15, data.trainImages().size());
    assertEquals(5, data.validationImages().size());
    assertEquals(4, data.testImages().orElseThrow().size());
    assertEquals(10, data.numClasses());
  }
}
