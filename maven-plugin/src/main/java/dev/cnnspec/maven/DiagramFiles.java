package dev.cnnspec.maven;

import dev.cnnspec.Compilation;
import dev.cnnspec.diagram.NetworkDiagram;
import dev.cnnspec.model.NetworkModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes one SVG diagram per network, {@code <spec directory relative to the root>/<Network>.svg}
 * (the generated class's package path), and deletes the diagrams of networks that are gone. A
 * diagram whose bytes did not change is not rewritten, as {@link GeneratedSourceWriter} does for
 * sources: the drawing is deterministic, so an unchanged spec leaves the file's time alone.
 */
final class DiagramFiles {
  private final Path directory;

  DiagramFiles(Path directory) {
    this.directory = directory;
  }

  /** Returns the paths written (changed or new), relative to the directory. */
  List<String> write(Path specRoot, Compilation compilation) throws IOException {
    List<String> written = new ArrayList<>();
    Set<Path> wanted = new HashSet<>();
    for (NetworkModel network : compilation.networks()) {
      Path spec = Path.of(network.graph().location().path()).toAbsolutePath().normalize();
      Path dir = spec.startsWith(specRoot) ? specRoot.relativize(spec).getParent() : null;
      Path target = (dir == null ? directory : directory.resolve(dir)).resolve(network.name() + ".svg");
      if (!wanted.add(target)) {
        continue; // one network name twice in a package: the checker reports it, one drawing is enough
      }
      String svg = NetworkDiagram.svg(network);
      if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(svg)) {
        Files.createDirectories(target.getParent());
        Files.writeString(target, svg, StandardCharsets.UTF_8);
        written.add(directory.relativize(target).toString());
      }
    }
    if (Files.isDirectory(directory)) {
      try (Stream<Path> old = Files.walk(directory)) {
        for (Path p : old.filter(p -> p.toString().endsWith(".svg") && !wanted.contains(p)).toList()) {
          Files.delete(p);
        }
      }
    }
    return written;
  }
}
