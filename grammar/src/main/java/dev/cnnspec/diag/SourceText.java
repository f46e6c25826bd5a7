package dev.cnnspec.diag;

import java.util.List;
import java.util.Objects;

/** The text of one source file, kept so that diagnostics can quote the offending line. */
public final class SourceText {
  private final String path;
  private final String text;
  private final List<String> lines;

  public SourceText(String path, String text) {
    this.path = Objects.requireNonNull(path, "path");
    this.text = Objects.requireNonNull(text, "text");
    this.lines = text.lines().toList();
  }

  public String path() {
    return path;
  }

  public String text() {
    return text;
  }

  /** The 1-based line, or the empty string when there is no such line. */
  public String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
