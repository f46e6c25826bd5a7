package dev.cnnspec.codegen;

import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places spec files relative to their spec root, and picks the files a generated class must
 * embed: the network's own file and, transitively, what it imports. Paths are written root-relative
 * with {@code /} so that generated code is the same on every machine and operating system.
 *
 * <p>Imports are found with a pattern rather than the parser because only the set of files
 * matters here and the compilation has already resolved them: a match naming a file the
 * compilation did not read (say, inside a comment) is simply not embedded.
 */
final class SpecSources {
  private static final Pattern IMPORT = Pattern.compile("import\\s+\"([^\"]+)\"");

  private final List<Path> roots;

  SpecSources(List<Path> roots) {
    this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
  }

  /** {@code /work/specs/dev/cnnspec/zoo/lenet.cnn} → {@code dev/cnnspec/zoo/lenet.cnn}. */
  String relative(String path) {
    Path p = Path.of(path);
    Path absolute = p.toAbsolutePath().normalize();
    for (Path root : roots) {
      if (absolute.startsWith(root)) {
        return slashes(root.relativize(absolute));
      }
    }
    // In-memory sources are already named relative to their root.
    return slashes(p.normalize());
  }

  /** {@code dev/cnnspec/zoo/lenet.cnn:2:9}: a location as generated code may print it. */
  String describe(Location at) {
    return at.isKnown() ? relative(at.path()) + ":" + at.line() + ":" + at.column() : at.toString();
  }

  /** The Java package of a spec file: its directory relative to its root, dotted. */
  String packageOf(String path) {
    Path parent = Path.of(relative(path)).getParent();
    return parent == null ? "" : slashes(parent).replace('/', '.');
  }

  SortedMap<String, String> embedded(String networkPath, Map<String, SourceText> sources) {
    SortedMap<String, String> out = new TreeMap<>();
    Deque<String> pending = new ArrayDeque<>(List.of(networkPath));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String path = pending.pop();
      if (!seen.add(path)) {
        continue;
      }
      Optional<SourceText> source = find(path, sources);
      if (source.isEmpty()) {
        continue;
      }
      out.put(relative(source.get().path()), source.get().text());
      Matcher m = IMPORT.matcher(source.get().text());
      while (m.find()) {
        Path imported = Path.of(source.get().path()).resolveSibling(m.group(1)).normalize();
        pending.push(imported.toString());
      }
    }
    return out;
  }

  private static Optional<SourceText> find(String path, Map<String, SourceText> sources) {
    SourceText direct = sources.get(path);
    if (direct != null) {
      return Optional.of(direct);
    }
    Path wanted = Path.of(path).toAbsolutePath().normalize();
    return sources.values().stream()
        .filter(s -> Path.of(s.path()).toAbsolutePath().normalize().equals(wanted))
        .findFirst();
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
