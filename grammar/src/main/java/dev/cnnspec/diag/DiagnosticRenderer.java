package dev.cnnspec.diag;

import java.util.Map;
import java.util.function.Function;

/**
 * Renders a diagnostic the way compilers do: location, severity and id, message, the source line
 * with a caret under the column, and the hint.
 *
 * <pre>
 * lenet.cnn:12:3: error[E0401]: conv2: 5×5 kernel is larger than its 3×3 input under valid padding
 *    12 |   -> conv(16, 5)
 *       |      ^
 *   hint: use padding: same, or a smaller kernel
 * </pre>
 */
public final class DiagnosticRenderer {
  /** Longest stretch of a source line echoed under a diagnostic; longer lines are clipped around the caret. */
  static final int MAX_ECHO = 120;

  private final Function<String, SourceText> sources;

  public DiagnosticRenderer(Function<String, SourceText> sources) {
    this.sources = sources;
  }

  public static DiagnosticRenderer of(Map<String, SourceText> byPath) {
    return new DiagnosticRenderer(byPath::get);
  }

  public String render(Diagnostic d) {
    StringBuilder out = new StringBuilder();
    out.append(d.location()).append(": ").append(d.severity().label())
        .append('[').append(d.code().id()).append("]: ").append(d.message()).append('\n');
    Location at = d.location();
    SourceText source = at.isKnown() ? sources.apply(at.path()) : null;
    if (source != null) {
      String line = source.line(at.line());
      if (!line.isEmpty()) {
        String number = String.valueOf(at.line());
        String gutter = " ".repeat(number.length());
        int caret = Math.max(0, Math.min(at.column() - 1, line.length()));
        int from = 0;
        int to = line.length();
        if (line.length() > MAX_ECHO) {
          // a generated or hostile file may hold a 1 MB line: echo a window around the caret
          from = Math.max(0, Math.min(caret - MAX_ECHO / 2, line.length() - MAX_ECHO));
          to = from + MAX_ECHO;
        }
        String shown = (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : "");
        out.append(' ').append(number).append(" | ").append(printable(shown)).append('\n');
        out.append(' ').append(gutter).append(" | ").append(" ".repeat(caret - from + (from > 0 ? 1 : 0))).append("^\n");
      }
    }
    if (!d.hint().isEmpty()) {
      out.append("  hint: ").append(d.hint()).append('\n');
    }
    return out.toString();
  }

  /** Tabs become spaces (so the caret lines up) and control characters '?' (so they cannot drive a terminal). */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }

  public String renderAll(Diagnostics diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics.all()) {
      out.append(render(d));
    }
    return out.toString();
  }
}
