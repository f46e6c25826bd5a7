package dev.cnnspec.runtime.dl4j;

/**
 * Thrown at run time when a spec compiled with the values given there does not check. The message
 * is the rendered diagnostics (file:line:col, source line, caret, hint), ready to show a person.
 */
public final class InvalidSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String renderedDiagnostics) {
    super(renderedDiagnostics);
  }
}
