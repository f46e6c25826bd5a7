package dev.cnnspec.diag;

/** How bad a diagnostic is: errors stop code generation, warnings do not. */
public enum Severity {
  ERROR,
  WARNING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
