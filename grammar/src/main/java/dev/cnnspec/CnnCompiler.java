package dev.cnnspec;

import dev.cnnspec.check.NetworkChecker;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.lang.DeepStack;
import dev.cnnspec.lang.Elaborator;
import dev.cnnspec.lang.SpecLoader;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.Function;
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
    return run(loader -> loader.loadFiles(files));
  }

  /** Compiles in-memory sources; imports still resolve against the spec roots. */
  public Compilation compile(List<SourceText> sources) {
    return run(loader -> loader.loadSources(sources));
  }

  /**
   * Runs the stages, then the checker on each graph that elaborated cleanly. The catch is the last
   * guard of "no input makes the compiler throw": a bug of ours becomes E0901 with its stack trace.
   */
  private Compilation run(Function<SpecLoader, SpecLoader.Loaded> load) {
    return DeepStack.run(() -> runStages(load));
  }

  private Compilation runStages(Function<SpecLoader, SpecLoader.Loaded> load) {
    Diagnostics diagnostics = new Diagnostics();
    Map<String, SourceText> sources = new LinkedHashMap<>();
    List<NetworkModel> networks = new ArrayList<>();
    try {
      SpecLoader.Loaded loaded = load.apply(new SpecLoader(specRoots, diagnostics));
      sources.putAll(loaded.sources());
      Elaborator.Result result = new Elaborator(diagnostics, overrides).elaborate(loaded);
      for (NetworkGraph graph : result.graphs()) {
        new NetworkChecker().check(graph, diagnostics).ifPresent(networks::add);
      }
      for (NetworkGraph graph : result.partial()) {
        checkPartial(graph, diagnostics);
      }
    } catch (RuntimeException | StackOverflowError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      diagnostics.error(DiagnosticCode.INTERNAL_ERROR, Location.UNKNOWN,
          "internal compiler error: " + e + "\n" + trace, "please report this bug with the spec that caused it");
    }
    return new Compilation(networks, diagnostics, sources);
  }

  /**
   * Shape errors in the part of a failed network that did elaborate: its errors only (warnings
   * about a half-built graph, "no output" when every head failed and "input feeds no output" when
   * the layers reading it failed would be follow-ups); the model is discarded.
   */
  private static void checkPartial(NetworkGraph graph, Diagnostics diagnostics) {
    Diagnostics scratch = new Diagnostics();
    new NetworkChecker().check(graph, scratch);
    scratch.errors().stream()
        .filter(d -> d.code() != DiagnosticCode.NO_OUTPUT && d.code() != DiagnosticCode.UNCONNECTED_INPUT)
        .forEach(diagnostics::report);
  }

  public List<Path> specRoots() {
    return specRoots;
  }

  public Map<String, String> overrides() {
    return overrides;
  }
}
