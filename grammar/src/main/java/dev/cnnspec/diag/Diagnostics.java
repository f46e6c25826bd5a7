package dev.cnnspec.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects diagnostics across all stages so that one run reports every problem it can find
 * instead of stopping at the first. Stages report here and keep going; the caller fails once.
 */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();

  public void report(Diagnostic diagnostic) {
    all.add(diagnostic);
  }

  public void report(DiagnosticCode code, Location location, String message, String hint) {
    report(new Diagnostic(code, code.severity(), location, message, hint));
  }

  public void error(DiagnosticCode code, Location location, String message, String hint) {
    report(new Diagnostic(code, Severity.ERROR, location, message, hint));
  }

  public void warning(DiagnosticCode code, Location location, String message, String hint) {
    report(new Diagnostic(code, Severity.WARNING, location, message, hint));
  }

  public void addAll(Diagnostics other) {
    all.addAll(other.all);
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  public int errorCount() {
    return (int) all.stream().filter(Diagnostic::isError).count();
  }

  /** In source order, so that output is deterministic whatever order the stages ran in. */
  public List<Diagnostic> all() {
    List<Diagnostic> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(Diagnostic::location).thenComparing(d -> d.code().id()));
    return List.copyOf(sorted);
  }

  public List<Diagnostic> errors() {
    return all().stream().filter(Diagnostic::isError).toList();
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : all()) {
      out.append(d).append('\n');
    }
    return out.toString();
  }
}
