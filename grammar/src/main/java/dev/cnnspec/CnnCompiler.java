package dev.cnnspec;

import dev.cnnspec.diag.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The compiler's entry point: spec files in, checked network models and diagnostics out. Stages:
 * parse (ANTLR, in {@code dev.cnnspec.lang}) → syntax tree with locations → elaboration into a
 * {@link dev.cnnspec.model.NetworkGraph} → checking into a {@link dev.cnnspec.model.NetworkModel}
 * ({@code dev.cnnspec.check}). Never throws on bad input: everything wrong is a diagnostic.
 */
public final class CnnCompiler {
  private final List<Path> specRoots;
  private final Map<String, String> overrides;

  /**
   * @param specRoots directories imports are resolved against; an import may not leave them
   * @param overrides network parameter values as {@code name=value} text (the CLI's {@code --set})
   */
  public CnnCompiler(List<Path> specRoots, Map<String, String> overrides) {
    this.specRoots = List.copyOf(specRoots);
    this.overrides = Map.copyOf(overrides);
  }

  public static CnnCompiler withDefaults() {
    return new CnnCompiler(List.of(), Map.of());
  }

  /** Compiles files read from disk (unreadable files are diagnostics too). */
  public Compilation compileFiles(List<Path> files) {
    throw new UnsupportedOperationException("TODO(language)");
  }

  /** Compiles in-memory sources; imports still resolve against the spec roots. */
  public Compilation compile(List<SourceText> sources) {
    throw new UnsupportedOperationException("TODO(language)");
  }

  public List<Path> specRoots() {
    return specRoots;
  }

  public Map<String, String> overrides() {
    return overrides;
  }
}
