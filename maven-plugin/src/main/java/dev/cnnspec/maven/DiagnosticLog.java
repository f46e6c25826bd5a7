package dev.cnnspec.maven;

import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticRenderer;
import org.apache.maven.plugin.logging.Log;

/**
 * Prints a compilation's diagnostics the way javac's appear in a Maven build: one
 * {@code [ERROR] path:line:col: error[E…]: message} line that IDEs and CI annotators recognise,
 * then the source line, a caret under the column and the hint, each on its own prefixed line so
 * that grepping the log for {@code [ERROR]} shows the whole finding.
 */
final class DiagnosticLog {
  private final Log log;

  DiagnosticLog(Log log) {
    this.log = log;
  }

  /** Logs every diagnostic in source order. */
  void report(Compilation compilation) {
    DiagnosticRenderer renderer = DiagnosticRenderer.of(compilation.sources());
    for (Diagnostic d : compilation.diagnostics().all()) {
      for (String line : renderer.render(d).split("\n")) {
        if (d.isError()) {
          log.error(line);
        } else {
          log.warn(line);
        }
      }
    }
  }

  static int warningCount(Compilation compilation) {
    return (int) compilation.diagnostics().all().stream().filter(d -> !d.isError()).count();
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
