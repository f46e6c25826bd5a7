package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the text of a {@code --set name=value} override as a literal expression, so that it is
 * type-checked against the parameter exactly like an argument written in a spec: {@code 10},
 * {@code 0.5}, {@code true}, {@code relu}, {@code [1, 2, 3]} (or {@code 1,2,3}).
 */
final class OverrideValues {
  private static final Pattern INT = Pattern.compile("[+-]?\\d+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");

  private OverrideValues() {}

  static Optional<Expr> parse(String text, Location at) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1).trim();
      return list(t, at);
    }
    if (t.contains(",")) {
      return list(t, at);
    }
    return scalar(t, at);
  }

  private static Optional<Expr> list(String t, Location at) {
    List<Expr> items = new ArrayList<>();
    if (!t.isEmpty()) {
      for (String part : t.split(",", -1)) {
        Optional<Expr> item = scalar(part.trim(), at);
        if (item.isEmpty() || !(item.get() instanceof Expr.IntLit)) {
          return Optional.empty();
        }
        items.add(item.get());
      }
    }
    return Optional.of(new Expr.ListLit(items, at));
  }

  private static Optional<Expr> scalar(String t, Location at) {
    if (t.equals("true") || t.equals("false")) {
      return Optional.of(new Expr.BoolLit(t.equals("true"), at));
    }
    if (INT.matcher(t).matches()) {
      try {
        return Optional.of(new Expr.IntLit(Long.parseLong(t.replace("+", "")), t, at)).map(e -> negativeSafe(e, at));
      } catch (NumberFormatException e) {
        return Optional.of(new Expr.IntLit(Long.MAX_VALUE, t, at));
      }
    }
    if (NAME.matcher(t).matches()) {
      return Optional.of(new Expr.Name(t, at));
    }
    try {
      double d = Double.parseDouble(t);
      return Double.isFinite(d) ? Optional.of(new Expr.FloatLit(d, at)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Expr negativeSafe(Expr e, Location at) {
    Expr.IntLit i = (Expr.IntLit) e;
    return i.value() < 0 ? new Expr.Unary(Expr.UnaryOp.NEGATE, new Expr.IntLit(-i.value(), i.text().substring(1), at), at) : e;
  }
}
