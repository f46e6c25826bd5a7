package dev.cnnspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions. Goldens live in {@code src/test/resources} (the module directory is the
 * working directory under Surefire); run with {@code -Dgolden.update=true} to rewrite them after
 * an intended change, then review the diff before committing.
 */
final class Golden {
  private static final Path ROOT = Path.of("src", "test", "resources");

  private Golden() {}

  static void assertMatches(String resource, String actual) {
    Path file = ROOT.resolve(resource);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertTrue(Files.exists(file), () -> "missing golden " + file.toAbsolutePath()
          + "; create it with -Dgolden.update=true and review it");
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
          "differs from golden " + file + " (rewrite with -Dgolden.update=true if intended)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
