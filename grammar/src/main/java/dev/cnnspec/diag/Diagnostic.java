package dev.cnnspec.diag;

import java.util.Objects;

/**
 * One finding of the compiler, tied to a place. {@code message} says what is wrong and where;
 * {@code hint} (possibly empty) says how to fix it. Neither repeats the location: renderers add it.
 */
public record Diagnostic(DiagnosticCode code, Severity severity, Location location, String message, String hint) {

  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code lenet.cnn:12:3: error[E0301]: message (hint: …)} on one line, for logs and exceptions. */
  @Override
  public String toString() {
    return location + ": " + severity.label() + "[" + code.id() + "]: " + message
        + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
  }
}
