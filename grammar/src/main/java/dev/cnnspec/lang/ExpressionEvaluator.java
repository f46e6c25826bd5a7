package dev.cnnspec.lang;

import dev.cnnspec.diag.Suggestions;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.Value.BoolV;
import dev.cnnspec.lang.Value.FloatV;
import dev.cnnspec.lang.Value.IntV;
import dev.cnnspec.lang.Value.ListV;
import dev.cnnspec.lang.Value.Poison;
import dev.cnnspec.lang.Value.Sym;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates expressions at elaboration time. Integers are 32-bit and overflow is an error (E0218),
 * {@code int / int} is floor division, {@code %} is floor modulo (as Python), {@code ^} is power
 * (float when the exponent is negative). {@code ?:}, {@code &&} and {@code ||} evaluate only what
 * they need. Errors are reported once and yield {@link Poison}, which every operator propagates
 * silently.
 */
final class ExpressionEvaluator {
  private final Diagnostics diagnostics;

  ExpressionEvaluator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Value eval(Expr e, Env env) {
    if (e instanceof Expr.IntLit i) {
      return i.value() > Integer.MAX_VALUE
          ? invalid(i.location(), "integer " + i.text() + " is too large", "integers must be at most " + Integer.MAX_VALUE)
          : new IntV((int) i.value());
    }
    if (e instanceof Expr.FloatLit f) {
      return Double.isFinite(f.value()) ? new FloatV(f.value())
          : invalid(f.location(), "number is too large for a float", "");
    }
    if (e instanceof Expr.BoolLit b) {
      return new BoolV(b.value());
    }
    if (e instanceof Expr.Name n) {
      return env.lookup(n.name(), n.location()).orElse(new Sym(n.name(), n.location()));
    }
    if (e instanceof Expr.ListLit l) {
      return list(l, env);
    }
    if (e instanceof Expr.Index i) {
      return index(i, env);
    }
    if (e instanceof Expr.Unary u) {
      return unary(u, env);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b, env);
    }
    if (e instanceof Expr.Ternary t) {
      Optional<Boolean> c = bool(eval(t.condition(), env), t.condition(), env, "the condition of ?:");
      return c.isEmpty() ? Poison.INSTANCE : eval(c.get() ? t.then() : t.otherwise(), env);
    }
    if (e instanceof Expr.ShapeOf s) {
      return shapeOf(s, env);
    }
    if (e instanceof Expr.Inline i) {
      diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, i.location(),
          "a chain gives a tensor, but a value (int, float, bool, list) is expected here",
          "a chain is an argument of add, concat and multiply or a block's tensor parameter");
      return Poison.INSTANCE;
    }
    return call((Expr.Call) e, env);
  }

  /** {@code x.channels}: the tensor's shape, inferred from what elaboration has built so far. */
  private Value shapeOf(Expr.ShapeOf s, Env env) {
    String property = "." + s.property();
    if (!env.isTensor(s.tensor())) {
      Optional<Value> v = env.lookup(s.tensor(), s.location());
      if (v.isEmpty()) {
        undefined(new Sym(s.tensor(), s.location()), env);
      } else if (v.get() != Poison.INSTANCE) {
        diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, s.location(),
            "`" + property + "` asks for a tensor's shape, but `" + s.tensor() + "` is " + v.get().describe(),
            "a shape belongs to a tensor: an input, a tensor parameter or a defined tensor");
      }
      return Poison.INSTANCE;
    }
    Optional<TensorProperty> known = TensorProperty.of(s.property());
    if (known.isEmpty()) {
      String suggestion = Suggestions.didYouMean(s.property(), TensorProperty.spellings());
      diagnostics.error(DiagnosticCode.SHAPE_QUERY, s.propertyAt(), "a tensor has no property `" + s.property() + "`",
          (suggestion.isEmpty() ? "" : suggestion + " ")
              + "spatial tensors have .height, .width, .channels; flat ones .units; both .shape");
      return Poison.INSTANCE;
    }
    Optional<dev.cnnspec.model.Shape> shape = env.shape(s.tensor(), s.location());
    if (shape.isEmpty()) {
      return Poison.INSTANCE;
    }
    Optional<Value> value = known.get().of(shape.get());
    if (value.isEmpty()) {
      boolean spatial = shape.get() instanceof dev.cnnspec.model.Shape.Spatial;
      diagnostics.error(DiagnosticCode.SHAPE_QUERY, s.propertyAt(),
          "`" + s.tensor() + "` is " + (spatial ? "spatial " : "flat ") + shape.get() + ", so it has no " + property,
          "a " + (spatial ? "spatial" : "flat") + " tensor has " + TensorProperty.available(shape.get())
              + (spatial && known.get() == TensorProperty.UNITS ? "; for its size as a flat tensor write "
                  + s.tensor() + ".height * " + s.tensor() + ".width * " + s.tensor() + ".channels" : ""));
      return Poison.INSTANCE;
    }
    return value.get();
  }

  private Value list(Expr.ListLit l, Env env) {
    List<Integer> items = new ArrayList<>();
    for (Expr item : l.items()) {
      Optional<Integer> v = integer(eval(item, env), item, env, "a list element");
      if (v.isEmpty()) {
        return Poison.INSTANCE;
      }
      items.add(v.get());
    }
    return new ListV(items);
  }

  private Value index(Expr.Index i, Env env) {
    Value target = eval(i.target(), env);
    Optional<Integer> index = integer(eval(i.index(), env), i.index(), env, "a list index");
    if (target == Poison.INSTANCE || index.isEmpty()) {
      return Poison.INSTANCE;
    }
    if (!(target instanceof ListV list)) {
      return wrongType(target, i.target(), env, "a list to index");
    }
    int k = index.get();
    if (k < 0 || k >= list.items().size()) {
      return invalid(i.location(), "index " + k + " is out of range for " + list.describe(),
          "valid indices are 0 to " + (list.items().size() - 1));
    }
    return new IntV(list.items().get(k));
  }

  private Value unary(Expr.Unary u, Env env) {
    Value v = eval(u.operand(), env);
    if (v == Poison.INSTANCE) {
      return v;
    }
    if (u.op() == Expr.UnaryOp.NOT) {
      return bool(v, u.operand(), env, "the operand of !").<Value>map(b -> new BoolV(!b)).orElse(Poison.INSTANCE);
    }
    if (v instanceof IntV i) {
      return i.value() == Integer.MIN_VALUE ? overflow(u.location()) : new IntV(-i.value());
    }
    if (v instanceof FloatV f) {
      return new FloatV(-f.value());
    }
    return wrongType(v, u.operand(), env, "a number after -");
  }

  /**
   * A left-associative chain ({@code a + b + … + z}, 3,000 terms in a generated spec) is a
   * left-deep tree: it is folded along its left spine with a loop, so the Java stack depth does
   * not grow with the number of terms. Right operands are evaluated recursively; their depth is
   * bounded by {@link NestingLimit}.
   */
  private Value binary(Expr.Binary top, Env env) {
    java.util.ArrayDeque<Expr.Binary> spine = new java.util.ArrayDeque<>();
    Expr leftmost = top;
    while (leftmost instanceof Expr.Binary b) {
      spine.push(b);
      leftmost = b.left();
    }
    Value acc = eval(leftmost, env);
    while (!spine.isEmpty()) {
      acc = combine(spine.pop(), acc, env);
    }
    return acc;
  }

  /** {@code b} with its left operand already evaluated to {@code l}. */
  private Value combine(Expr.Binary b, Value l, Env env) {
    Expr.BinaryOp op = b.op();
    if (op.isLogical()) {
      Optional<Boolean> left = bool(l, b.left(), env, "the operand of " + op);
      if (left.isEmpty()) {
        return Poison.INSTANCE;
      }
      if ((op == Expr.BinaryOp.AND) != left.get()) {
        return new BoolV(left.get());
      }
      return bool(eval(b.right(), env), b.right(), env, "the operand of " + op)
          .<Value>map(BoolV::new).orElse(Poison.INSTANCE);
    }
    Value r = eval(b.right(), env);
    if (l == Poison.INSTANCE || r == Poison.INSTANCE) {
      return Poison.INSTANCE;
    }
    if (op.isEquality()) {
      Optional<Boolean> eq = equal(l, r, b, env);
      return eq.<Value>map(v -> new BoolV((op == Expr.BinaryOp.EQUAL) == v)).orElse(Poison.INSTANCE);
    }
    if (!isNumber(l)) {
      return wrongType(l, b.left(), env, "a number before " + op);
    }
    if (!isNumber(r)) {
      return wrongType(r, b.right(), env, "a number after " + op);
    }
    if (l instanceof IntV x && r instanceof IntV y) {
      return intOp(op, x.value(), y.value(), b.location());
    }
    double x = number(l);
    double y = number(r);
    return switch (op) {
      case LESS -> new BoolV(x < y);
      case LESS_EQUAL -> new BoolV(x <= y);
      case GREATER -> new BoolV(x > y);
      case GREATER_EQUAL -> new BoolV(x >= y);
      case PLUS -> finite(x + y, b.location());
      case MINUS -> finite(x - y, b.location());
      case TIMES -> finite(x * y, b.location());
      case DIVIDE -> y == 0 ? divisionByZero(b.location()) : finite(x / y, b.location());
      case MODULO -> y == 0 ? divisionByZero(b.location()) : finite(x - Math.floor(x / y) * y, b.location());
      case POWER -> finite(Math.pow(x, y), b.location());
      case EQUAL, NOT_EQUAL, AND, OR -> throw new IllegalStateException("handled above: " + op);
    };
  }

  private Value intOp(Expr.BinaryOp op, int x, int y, Location at) {
    try {
      return switch (op) {
        case LESS -> new BoolV(x < y);
        case LESS_EQUAL -> new BoolV(x <= y);
        case GREATER -> new BoolV(x > y);
        case GREATER_EQUAL -> new BoolV(x >= y);
        case PLUS -> new IntV(Math.addExact(x, y));
        case MINUS -> new IntV(Math.subtractExact(x, y));
        case TIMES -> new IntV(Math.multiplyExact(x, y));
        case DIVIDE -> y == 0 ? divisionByZero(at)
            : x == Integer.MIN_VALUE && y == -1 ? overflow(at) : new IntV(Math.floorDiv(x, y));
        case MODULO -> y == 0 ? divisionByZero(at) : new IntV(Math.floorMod(x, y));
        case POWER -> y < 0 ? finite(Math.pow(x, y), at) : new IntV(power(x, y));
        case EQUAL, NOT_EQUAL, AND, OR -> throw new IllegalStateException("handled by combine: " + op);
      };
    } catch (ArithmeticException overflow) {
      return overflow(at);
    }
  }

  private static int power(int base, int exponent) {
    int result = 1;
    for (int i = 0; i < exponent; i++) {
      result = Math.multiplyExact(result, base);
      if (result == 0 || result == 1 && base == 1) {
        return result;
      }
      if (base == -1) {
        return exponent % 2 == 0 ? 1 : -1;
      }
    }
    return result;
  }

  private Optional<Boolean> equal(Value l, Value r, Expr.Binary b, Env env) {
    if (isNumber(l) && isNumber(r)) {
      return Optional.of(l instanceof IntV x && r instanceof IntV y ? x.value() == y.value() : number(l) == number(r));
    }
    if (l instanceof Sym x && r instanceof Sym y) {
      return Optional.of(x.name().equals(y.name()));
    }
    if (l.getClass() == r.getClass() && !(l instanceof Value.TensorV)) {
      return Optional.of(l.equals(r));
    }
    if (l instanceof Sym s) {
      wrongType(s, b.left(), env, "a value comparable with " + r.describe());
    } else {
      wrongType(r, b.right(), env, "a value comparable with " + l.describe());
    }
    return Optional.empty();
  }

  private Value call(Expr.Call c, Env env) {
    List<Value> args = new ArrayList<>();
    for (Expr a : c.arguments()) {
      args.add(eval(a, env));
    }
    if (args.contains(Poison.INSTANCE)) {
      return Poison.INSTANCE;
    }
    switch (c.function()) {
      case "min", "max" -> {
        if (args.size() < 2) {
          diagnostics.error(DiagnosticCode.MISSING_ARGUMENT, c.location(),
              c.function() + " needs at least two arguments, found " + args.size(), "write " + c.function() + "(a, b)");
          return Poison.INSTANCE;
        }
        Value best = null;
        for (int i = 0; i < args.size(); i++) {
          Value v = args.get(i);
          if (!isNumber(v)) {
            return wrongType(v, c.arguments().get(i), env, "a number as argument of " + c.function());
          }
          boolean better = best == null || (c.function().equals("min") ? number(v) < number(best) : number(v) > number(best));
          best = better ? v : best;
        }
        boolean anyFloat = args.stream().anyMatch(v -> v instanceof FloatV);
        return anyFloat ? new FloatV(number(best)) : best;
      }
      case "len" -> {
        if (args.size() != 1) {
          diagnostics.error(args.isEmpty() ? DiagnosticCode.MISSING_ARGUMENT : DiagnosticCode.TOO_MANY_ARGUMENTS,
              c.location(), "len takes one list, found " + args.size() + " arguments", "write len(list)");
          return Poison.INSTANCE;
        }
        if (args.get(0) instanceof ListV l) {
          return new IntV(l.items().size());
        }
        return wrongType(args.get(0), c.arguments().get(0), env, "a list as argument of len");
      }
      default -> {
        String suggestion = Suggestions.didYouMean(c.function(), List.of("min", "max", "len"));
        diagnostics.error(DiagnosticCode.UNDEFINED_NAME, c.location(), "unknown function `" + c.function() + "`",
            (suggestion.isEmpty() ? "" : suggestion + " ") + "the functions are min, max and len");
        return Poison.INSTANCE;
      }
    }
  }

  // ---- conversions used by callers ------------------------------------------------------------

  Optional<Boolean> bool(Value v, Expr at, Env env, String what) {
    if (v instanceof BoolV b) {
      return Optional.of(b.value());
    }
    if (v != Poison.INSTANCE) {
      wrongType(v, at, env, "a bool as " + what);
    }
    return Optional.empty();
  }

  Optional<Integer> integer(Value v, Expr at, Env env, String what) {
    if (v instanceof IntV i) {
      return Optional.of(i.value());
    }
    if (v != Poison.INSTANCE) {
      wrongType(v, at, env, "an int as " + what);
    }
    return Optional.empty();
  }

  /**
   * Reports that {@code v} is not {@code expected}. A bare name that named nothing is reported as
   * undefined (E0203), with a suggestion; anything else as a wrong type (E0204).
   */
  Value wrongType(Value v, Expr at, Env env, String expected) {
    if (v == Poison.INSTANCE) {
      return v;
    }
    if (v instanceof Sym s) {
      undefined(s, env);
    } else {
      diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at.location(),
          "expected " + expected + ", found " + v.describe(), "");
    }
    return Poison.INSTANCE;
  }

  void undefined(Sym s, Env env) {
    if (env.isTensor(s.name())) {
      diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, s.location(),
          "`" + s.name() + "` is a tensor, but a value (int, float, bool, list) is expected here",
          "tensors flow through chains: " + s.name() + " -> layer(…)");
      return;
    }
    diagnostics.error(DiagnosticCode.UNDEFINED_NAME, s.location(), "undefined name `" + s.name() + "`",
        hintFor(s.name(), env.names()));
  }

  static String hintFor(String name, java.util.Collection<String> candidates) {
    String suggestion = Suggestions.didYouMean(name, candidates);
    return suggestion.isEmpty() ? "define it with `let " + name + " = …` or declare it as a parameter" : suggestion;
  }

  private Value invalid(Location at, String message, String hint) {
    diagnostics.error(DiagnosticCode.ARITHMETIC, at, message, hint);
    return Poison.INSTANCE;
  }

  private Value divisionByZero(Location at) {
    return invalid(at, "division by zero", "make sure the divisor cannot be 0");
  }

  private Value overflow(Location at) {
    return invalid(at, "integer overflow", "results must lie between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
  }

  private Value finite(double v, Location at) {
    return Double.isFinite(v) ? new FloatV(v) : invalid(at, "the result is not a finite number", "");
  }

  static boolean isNumber(Value v) {
    return v instanceof IntV || v instanceof FloatV;
  }

  static double number(Value v) {
    return v instanceof IntV i ? i.value() : ((FloatV) v).value();
  }
}
