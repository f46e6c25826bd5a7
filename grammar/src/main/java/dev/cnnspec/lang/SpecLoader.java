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
 * the importing file's directory (or the spec roots, for an in-memory source with no directory).
 * Each file is parsed once; a missing file is E0301 and a cycle E0302, named by its path of files.
 *
 * <p>Containment (docs/language.md "Imports"): an import is a relative path to a {@code .cnn}
 * file that must lie inside a spec root both as written (after {@code ..} is applied) and after
 * every symbolic link on the way is resolved; the roots are resolved the same way. Without
 * configured roots, the directories of the files being compiled are the roots. Anything else is
 * E0303, reported before the file is opened, so no byte of a file outside the roots is ever read,
 * let alone echoed in a diagnostic.
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

  /** Largest spec file read (docs/language.md "Limits"). */
  static final long MAX_FILE_BYTES = 16L << 20;

  private final List<Path> realRoots = new ArrayList<>();

  public SpecLoader(List<Path> specRoots, Diagnostics diagnostics) {
    this.specRoots = specRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.specRoots.forEach(this::addRealRoot);
    this.diagnostics = diagnostics;
  }

  private void addRealRoot(Path root) {
    Path real = realPath(root).orElse(root);
    if (!realRoots.contains(real)) {
      realRoots.add(real);
    }
  }

  /** The path with every symbolic link resolved, if it exists. */
  private static Optional<Path> realPath(Path p) {
    try {
      return Optional.of(p.toRealPath());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** A file that lies in a root as written but whose real path lies in none. */
  private boolean linksOutOfTheRoots(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Optional<Path> real = realPath(absolute);
    return specRoots.stream().anyMatch(absolute::startsWith) && real.isPresent()
        && realRoots.stream().noneMatch(real.get()::startsWith);
  }

  /** Without configured roots, a compiled file's own directory bounds what it may import. */
  private void implicitRoot(Path file) {
    if (specRoots.isEmpty()) {
      Path parent = file.toAbsolutePath().normalize().getParent();
      if (parent != null) {
        addRealRoot(parent);
        implicitRoots.add(parent);
      }
    }
  }

  private final List<Path> implicitRoots = new ArrayList<>();

  private List<Path> roots() {
    return specRoots.isEmpty() ? implicitRoots : specRoots;
  }

  /** Loads files from disk; unreadable ones are reported, not thrown. */
  public Loaded loadFiles(List<Path> paths) {
    return DeepStack.run(() -> readFiles(paths));
  }

  private Loaded readFiles(List<Path> paths) {
    List<String> roots = new ArrayList<>();
    paths.forEach(this::implicitRoot);
    for (Path path : paths) {
      Location at = Location.of(path.toString(), 0, 0);
      if (!specRoots.isEmpty() && linksOutOfTheRoots(path)) {
        // a checked-out repository may hold `evil.cnn -> /etc/passwd`: the Maven plugin would
        // otherwise compile it and quote its first line in the build log
        diagnostics.error(DiagnosticCode.IMPORT_OUTSIDE_ROOTS, at,
            "spec file " + path + " is a symbolic link to outside the spec roots", "spec roots are " + specRoots
                + "; copy the file under a root instead of linking to it");
        continue;
      }
      Optional<SourceText> text = read(path, path.toString(), at, "spec file");
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
      identityOf(t.path()).filter(p -> Path.of(t.path()).getParent() != null).ifPresent(this::implicitRoot);
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
    if (!contained(i, absolute)) {
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

  /**
   * The containment rule of the class comment, checked before anything is read: the written path,
   * then the real one. Reports E0303 and returns false when the import may not be read. In-memory
   * sources (tests, the interpreter's embedded spec) are inside by construction.
   */
  private boolean contained(SpecFile.Import i, Path absolute) {
    if (Path.of(i.name()).isAbsolute() || i.name().startsWith("~") || i.name().startsWith("\\")) {
      diagnostics.error(DiagnosticCode.IMPORT_OUTSIDE_ROOTS, i.location(), "import \"" + i.name() + "\" is an absolute path",
          "imports are relative to the importing file and stay inside the spec roots, e.g. \"blocks/layers.cnn\"");
      return false;
    }
    if (inMemory.containsKey(absolute)) {
      return true;
    }
    List<Path> roots = roots();
    if (roots.isEmpty()) {
      // in-memory sources with neither a directory nor spec roots: there is no root to read from disk under
      diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, i.location(), "import \"" + i.name()
          + "\" names none of the sources being compiled", "without spec roots, imports can only name the other"
          + " sources given to the compiler; configure a spec root to import files from disk");
      return false;
    }
    if (roots.stream().noneMatch(absolute::startsWith)) {
      diagnostics.error(DiagnosticCode.IMPORT_OUTSIDE_ROOTS, i.location(),
          "import \"" + i.name() + "\" resolves to " + absolute + ", outside the spec roots",
          "spec roots are " + roots + "; move the file under one of them");
      return false;
    }
    Optional<Path> real = realPath(absolute);
    if (real.isPresent() && realRoots.stream().noneMatch(real.get()::startsWith)) {
      diagnostics.error(DiagnosticCode.IMPORT_OUTSIDE_ROOTS, i.location(),
          "import \"" + i.name() + "\" goes through a symbolic link to outside the spec roots",
          "spec roots are " + roots + "; imports may not follow links out of them: copy the file under a root");
      return false;
    }
    if (!i.name().endsWith(".cnn")) {
      diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, i.location(), "import \"" + i.name() + "\" does not name a .cnn file",
          "imports name spec files, e.g. \"blocks/layers.cnn\"");
      return false;
    }
    return true;
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
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        // a spec is text a person writes; a 2 GB file would be read whole before parsing
        diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, at, what + ": " + path + " has " + size
            + " bytes, more than a spec file may have (" + MAX_FILE_BYTES + ")", "split it into files that import each other");
        return Optional.empty();
      }
      return Optional.of(new SourceText(key, Files.readString(path)));
    } catch (java.nio.charset.MalformedInputException e) {
      diagnostics.error(DiagnosticCode.IMPORT_NOT_FOUND, at, what + ": " + path + " is not UTF-8 text",
          "save the file as UTF-8");
      return Optional.empty();
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
