package dev.cnnspec.diag;

import java.util.List;
import java.util.Objects;

/**
 * The text of one source file, kept so that diagnostics can quote the offending line. A leading
 * UTF-8 byte-order mark is not text (Java and Python skip it too): it is dropped here, so that the
 * parser never sees it and columns on line 1 match what an editor shows. Lines end at LF, CR LF or
 * a lone CR, as {@link String#lines()} splits them and the parser counts them.
 */
public final class SourceText {
  private final String path;
  private final String text;
  private final List<String> lines;

  public SourceText(String path, String text) {
    this.path = Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.lines = this.text.lines().toList();
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
