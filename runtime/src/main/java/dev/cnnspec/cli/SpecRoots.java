package dev.cnnspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spec roots imports resolve against: the configured roots ({@code -Dcnn.specRoots}, which
 * {@code bin/cnn} sets to the zoo's {@code specs/src/main/cnn}) that contain a file, else the
 * file's own directory.
 */
final class SpecRoots {
  static final String PROPERTY = "cnn.specRoots";

  private SpecRoots() {}

  static List<Path> configured() {
    List<Path> roots = new ArrayList<>();
    String prop = System.getProperty(PROPERTY);
    if (prop != null) {
      for (String p : prop.split(java.io.File.pathSeparator)) {
        if (!p.isBlank() && Files.isDirectory(Path.of(p))) {
          roots.add(Path.of(p).toAbsolutePath().normalize());
        }
      }
    }
    return roots;
  }

  static List<Path> forFiles(List<Path> files) {
    Set<Path> roots = new LinkedHashSet<>();
    List<Path> configured = configured();
    for (Path f : files) {
      Path abs = f.toAbsolutePath().normalize();
      Path root = configured.stream().filter(abs::startsWith).findFirst()
          .orElse(abs.getParent() == null ? Path.of(".").toAbsolutePath() : abs.getParent());
      roots.add(root);
    }
    return List.copyOf(roots);
  }
}
