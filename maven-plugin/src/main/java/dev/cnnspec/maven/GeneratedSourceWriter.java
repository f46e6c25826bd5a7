package dev.cnnspec.maven;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes generated sources so that maven-compiler-plugin's staleness check sees exactly what
 * changed. That check compares a {@code .java} file's modification time with its class file's and
 * compares the set of sources with the previous build's; it never looks at specs. Hence: a file
 * whose text is unchanged is not touched (its time stays older than its class, so it is not
 * recompiled for nothing), a changed file is rewritten (newer than its class), and a file the
 * previous run generated but this one did not is deleted (the set shrinks, the compiler notices
 * and deletes its classes). What was generated is remembered in a manifest, one relative path a
 * line, so that files this plugin never wrote in the output directory are left alone.
 */
final class GeneratedSourceWriter {
  private final Path outputDirectory;
  private final Path manifest;

  GeneratedSourceWriter(Path outputDirectory, Path manifest) {
    this.outputDirectory = outputDirectory;
    this.manifest = manifest;
  }

  /** What one run did, as paths relative to the output directory (with {@code /}), sorted. */
  record Report(List<String> written, List<String> unchanged, List<String> deleted) {
    boolean changedAnything() {
      return !written.isEmpty() || !deleted.isEmpty();
    }
  }

  /** Brings the output directory in line with {@code files}, the complete output of this run. */
  Report write(List<JavaFile> files) throws IOException {
    Set<String> previous = readManifest();
    Set<String> current = new TreeSet<>();
    List<String> written = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (JavaFile file : files) {
      String relative = relativePath(file);
      if (!current.add(relative)) {
        throw new IOException("two generated classes share the file " + relative);
      }
      Path target = outputDirectory.resolve(relative);
      byte[] content = file.toString().getBytes(StandardCharsets.UTF_8);
      if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
        unchanged.add(relative);
      } else {
        Files.createDirectories(target.getParent());
        Files.write(target, content);
        written.add(relative);
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String old : previous) {
      if (!current.contains(old) && Files.deleteIfExists(outputDirectory.resolve(old))) {
        deleted.add(old);
        pruneEmptyParents(outputDirectory.resolve(old).getParent());
      }
    }
    writeManifest(current);
    written.sort(null);
    unchanged.sort(null);
    return new Report(List.copyOf(written), List.copyOf(unchanged), List.copyOf(deleted));
  }

  static String relativePath(JavaFile file) {
    String pkg = file.packageName();
    String dir = pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/";
    return dir + file.typeSpec().name() + ".java";
  }

  private Set<String> readManifest() throws IOException {
    Set<String> entries = new TreeSet<>();
    if (Files.isRegularFile(manifest)) {
      for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
        // A manifest entry leaving the output directory would let a corrupt file delete anything.
        if (!line.isBlank() && !line.contains("..") && !line.startsWith("/")) {
          entries.add(line.strip());
        }
      }
    }
    return entries;
  }

  private void writeManifest(Set<String> entries) throws IOException {
    Files.createDirectories(manifest.getParent());
    StringBuilder text = new StringBuilder();
    for (String entry : entries) {
      text.append(entry).append('\n');
    }
    byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
    if (!Files.isRegularFile(manifest) || !Arrays.equals(Files.readAllBytes(manifest), content)) {
      Files.write(manifest, content);
    }
  }

  /** Removes package directories left empty, up to (not including) the output directory. */
  private void pruneEmptyParents(Path dir) throws IOException {
    while (dir != null && dir.startsWith(outputDirectory) && !dir.equals(outputDirectory)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        if (entries.iterator().hasNext()) {
          return;
        }
      }
      Files.delete(dir);
      dir = dir.getParent();
    }
  }
}
