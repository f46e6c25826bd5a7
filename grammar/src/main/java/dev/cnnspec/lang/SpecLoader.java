package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the root files and, transitively, every file they import. An import is resolved against
 * the importing file's directory (or the spec roots, for an in-memory source with no directory)
 * and must stay inside a spec root when roots are given (E0303). Each file is parsed once; a
 * missing file is E0301 and a cycle E0302, named by its path of files.
 */
public final class SpecLoader {

  /** Everything read: files by path (as used in locations), the import edges, and the sources. */
  public record Loaded(List<String> roots, Map<String, SpecFile> files, Map<String, List<String>> imports,
      Set<String> filesWithSyntaxErrors, Map<String, SourceText> sources) {}

  private final List<Path> specRoots;
  private final Diagnostics diagnostics;
  private final SpecParser parser = new SpecParser();
  private final Map<Path, SourceText> inMemory = new LinkedHashMap<>();
  private final Map<Path, String> keys = new LinkedHashMap<>();
  private final Map<String, SpecFile> files = new LinkedHashMap<>();
  private final Map<String, List<String>> imports = new LinkedHashMap<>();
  private final Set<String> broken = new LinkedHashSet<>();
  private final Map<String, SourceText> sources = new LinkedHashMap<>();
  private final List<String> stack = new ArrayList<>();

  public SpecLoader(List<Path> specRoots, Diagnostics diagnostics) {
    this.specRoots = specRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.diagnostics = diagnostics;
  }

  /** Loads files from disk; unreadable ones are reported, not thrown. */
  public Loaded loadFiles(List<Path> paths) {
    return DeepStack.run(() -> readFiles(paths));
  }

  private Loaded readFiles(List<Path> paths) {
    List<String> roots = new ArrayList<>();
    for (Path path : paths) {
      Optional<SourceText> text = read(path, path.toString(), Location.of(path.toString(), 0, 0), "spec file");
      text.ifPresent(t -> roots.add(load(t, identity(path))));
    }
    return new Loaded(roots, files, imports, broken, sources);
  }

  /** Loads in-memory sources; their imports may name each other or files on disk. */
  public Loaded loadSources(List<SourceText> texts) {
    return DeepStack.run(() -> readSources(texts));
  }

  private Loaded readSources(List<SourceText> texts) {
    for (SourceText t : texts) {
      identityOf(t.path()).ifPresent(p -> inMemory.putIfAbsent(p, t));
    }
    List<String> roots = new ArrayList<>();
    for (SourceText t : texts) {
      roots.add(load(t, identityOf(t.path()).orElse(null)));
    }
    return new Loaded(roots, files, imports, broken, sources);
  }

  private String load(SourceText text, Path identity) {
    String key = identity != null ? keys.computeIfAbsent(identity, p -> text.path()) : text.path();
    if (files.containsKey(key)) {
      return key;
    }
    sources.put(key, text);
    SpecParser.Result result = parser.parse(text, diagnostics);
    files.put(key, result.file());
    if (result.hasErrors()) {
      broken.add(key);
    }
    List<String> targets = new ArrayList<>();
    imports.put(key, targets);
    stack.add(key);
    for (SpecFile.Declaration d : result.file().declarations()) {
      if (d instanceof SpecFile.Import i) {
        resolve(key, i).ifPresent(targets::add);
      }
    }
    stack.remove(stack.size() - 1);
    return key;
  }

  private Optional<String> resolve(String importer, SpecFile.Import i) {
    Path target;
    try {
      target = candidate(importer, i.name());
    } catch (InvalidPathException e) {
      diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, i.location(), "import \"" + i.name() + "\" is not a valid path",
          "write a path relative to this file, such as \"blocks/inception.cnn\"");
      return Optional.empty();
    }
    Path absolute = target.toAbsolutePath().normalize();
    if (!specRoots.isEmpty() && specRoots.stream().noneMatch(absolute::startsWith)) {
      diagnostics.error(DiagnosticCode.IMPORT_OUTSIDE_ROOTS, i.location(),
          "import \"" + i.name() + "\" resolves to " + absolute + ", outside the spec roots",
          "spec roots are " + specRoots + "; move the file under one of them");
      return Optional.empty();
    }
    String known = keys.get(absolute);
    if (known != null && stack.contains(known)) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(known), stack.size()));
      cycle.add(known);
      diagnostics.error(DiagnosticCode.IMPORT_CYCLE, i.location(), "cyclic import: " + String.join(" → ", cycle),
          "move what both files need into a third file that both import");
      return Optional.empty();
    }
    if (known != null && files.containsKey(known)) {
      return Optional.of(known);
    }
    SourceText text = inMemory.get(absolute);
    if (text == null) {
      String key = target.normalize().toString();
      Optional<SourceText> read = read(target, key, i.location(), "import \"" + i.name() + "\"");
      if (read.isEmpty()) {
        return Optional.empty();
      }
      text = read.get();
    }
    keys.putIfAbsent(absolute, text.path());
    return Optional.of(load(text, absolute));
  }

  private Path candidate(String importer, String name) {
    Path parent = Path.of(importer).getParent();
    if (parent != null) {
      return parent.resolve(name);
    }
    for (Path root : specRoots) {
      Path p = root.resolve(name);
      if (inMemory.containsKey(p.normalize()) || Files.isRegularFile(p)) {
        return p;
      }
    }
    return Path.of(name);
  }

  private Optional<SourceText> read(Path path, String key, Location at, String what) {
    try {
      if (!Files.isRegularFile(path)) {
        diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, at, what + ": " + path + " does not exist",
            Files.isDirectory(path) ? "it is a directory; name a .cnn file" : "check the path; imports are relative to the importing file");
        return Optional.empty();
      }
      return Optional.of(new SourceText(key, Files.readString(path)));
    } catch (IOException | RuntimeException e) {
      diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, at, what + ": cannot read " + path + " (" + e.getMessage() + ")",
          "check that the file is readable UTF-8 text");
      return Optional.empty();
    }
  }

  private static Path identity(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static Optional<Path> identityOf(String path) {
    try {
      return Optional.of(identity(Path.of(path)));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
