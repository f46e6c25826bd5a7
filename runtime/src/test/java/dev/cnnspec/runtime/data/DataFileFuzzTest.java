package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI sample of the data-file fuzzer ({@link DataFileFuzzRunner}): {@code fuzz.files} mutated
 * files (default 900, about 100 of each format) through the loaders in a child JVM with 256 MB of
 * heap and 10 s per file; none may escape as an uncaught exception, run out of memory, hang, or
 * be rejected with a message that does not name the file. The long run is {@code bench/fuzz-data}.
 */
class DataFileFuzzTest {
  @Test
  void mutatedFilesAreAcceptedOrRejectedNamingTheFile(@TempDir Path work) throws Exception {
    int files = Integer.getInteger("fuzz.files", 900);
    long seed = Long.getLong("fuzz.seed", 1);
    DataFileFuzzRunner.Result r = DataFileFuzzRunner.run(seed, files, 10_000, "256m",
        System.getProperty("java.class.path"), work);
    System.out.println("data-file fuzzer: " + r);
    assertEquals(0, r.failureCount(), r + "\n" + String.join("\n", r.failures()));
    // the mutations must reach both outcomes, or the sample tests little
    assertTrue(r.counts().getOrDefault(DataFileFuzzRunner.Outcome.ACCEPTED, 0) > files / 20, r.toString());
    assertTrue(r.counts().getOrDefault(DataFileFuzzRunner.Outcome.REJECTED, 0) > files / 2, r.toString());
  }
}
