package dev.cnnspec.maven;

import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticRenderer;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;

/**
 * Prints a compilation's diagnostics the way javac's appear in a Maven build: one
 * {@code [ERROR] path:line:col: error[E…]: message} line that IDEs and CI annotators recognise,
 * then the source line, a caret under the column and the hint, each on its own prefixed line so
 * that grepping the log for {@code [ERROR]} shows the whole finding. A path the compiler reports
 * relative to the spec root is printed absolute, so that it can be clicked from any directory.
 */
final class DiagnosticLog {
  private final Log log;
  private final Path specRoot;

  DiagnosticLog(Log log, Path specRoot) {
    this.log = log;
    this.specRoot = specRoot;
  }

  /** Logs every diagnostic in source order. */
  void report(Compilation compilation) {
    Map<String, SourceText> sources = new HashMap<>();
    compilation.sources().forEach((path, text) -> sources.put(absolute(path), text));
    DiagnosticRenderer renderer = DiagnosticRenderer.of(sources);
    for (Diagnostic d : compilation.diagnostics().all()) {
      Location at = d.location();
      Diagnostic shown = new Diagnostic(d.code(), d.severity(),
          new Location(at.isKnown() ? absolute(at.path()) : at.path(), at.line(), at.column()), d.message(), d.hint());
      for (String line : renderer.render(shown).split("\n")) {
        if (d.isError()) {
          log.error(line);
        } else {
          log.warn(line);
        }
      }
    }
  }

  private String absolute(String path) {
    try {
      Path p = Path.of(path);
      return p.isAbsolute() ? path : specRoot.resolve(p).normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      return path; // not a file path (e.g. a Java element): print as the compiler gave it
    }
  }

  static int warningCount(Compilation compilation) {
    return (int) compilation.diagnostics().all().stream().filter(d -> !d.isError()).count();
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
