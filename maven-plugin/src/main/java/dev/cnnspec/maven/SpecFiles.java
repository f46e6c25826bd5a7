package dev.cnnspec.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the specs of a module: every {@code .cnn} file under the source directory, sorted so that
 * compilation order, and with it the order of diagnostics and generated files, never depends on
 * the file system.
 */
final class SpecFiles {
  private SpecFiles() {}

  static List<Path> under(Path sourceDirectory) throws IOException {
    if (!Files.isDirectory(sourceDirectory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(sourceDirectory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".cnn"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }
}
