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
        out.append(' ').append(number).append(" | ").append(line.replace('\t', ' ')).append('\n');
        int caret = Math.max(0, Math.min(at.column() - 1, line.length()));
        out.append(' ').append(gutter).append(" | ").append(" ".repeat(caret)).append("^\n");
      }
    }
    if (!d.hint().isEmpty()) {
      out.append("  hint: ").append(d.hint()).append('\n');
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
