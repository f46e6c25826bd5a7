package dev.cnnspec.importer.keras;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged Keras files (truncated, bytes overwritten, seeded so a failure can be replayed) either
 * import (a byte in padding, a changed weight) or fail with a {@link KerasImportException}; never
 * another exception, never a hang. {@code -Dkeras.mutations=N} runs more per file (default 25; the long run in the README uses 2,000).
 */
class KerasFileMutationTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"LeNet5Small.keras", "LeNet5Small.h5", "LeNet5Small.json", "SmallResNet.keras"})
  void damagedFilesFailCleanly(String fixture) throws Exception {
    byte[] original = Files.readAllBytes(KerasFixture.file(fixture));
    int runs = Integer.getInteger("keras.mutations", 25);
    for (int seed = 0; seed < runs; seed++) {
      byte[] bytes = mutate(original, new Random(seed));
      Path file = dir.resolve(seed + "-" + fixture);
      Files.write(file, bytes);
      int s = seed;
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        try {
          KerasImporter.importModel(file, null, KerasImporter.Options.defaults("x.cnn"));
        } catch (KerasImportException expected) {
          // the clean failure
        } catch (Throwable t) {
          fail(fixture + " mutation seed " + s + ": " + t, t);
        }
      });
      Files.delete(file);
    }
  }

  /** One of: truncate; overwrite 1–8 bytes with random ones; overwrite a run of 64 bytes. */
  static byte[] mutate(byte[] original, Random random) {
    byte[] b = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        return java.util.Arrays.copyOf(b, random.nextInt(b.length));
      }
      case 1 -> {
        for (int i = random.nextInt(8); i >= 0; i--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      default -> {
        int at = random.nextInt(Math.max(1, b.length - 64));
        for (int i = at; i < Math.min(b.length, at + 64); i++) {
          b[i] = (byte) random.nextInt(256);
        }
      }
    }
    return b;
  }
}
