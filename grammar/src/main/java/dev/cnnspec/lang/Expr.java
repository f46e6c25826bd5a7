package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.List;

/** Expressions; {@code location} of an operator node is its operator token, so errors point at it. */
public sealed interface Expr {
  Location location();

  /** An integer literal; kept as written (a long) so that an out-of-range literal is a diagnostic. */
  record IntLit(long value, String text, Location location) implements Expr {}

  record FloatLit(double value, Location location) implements Expr {}

  record BoolLit(boolean value, Location location) implements Expr {}

  record ListLit(List<Expr> items, Location location) implements Expr {
    public ListLit {
      items = List.copyOf(items);
    }
  }

  /** A parameter, let, loop variable, or a bare enum constant such as {@code relu}. */
  record Name(String name, Location location) implements Expr {}

  record Index(Expr target, Expr index, Location location) implements Expr {}

  record Unary(UnaryOp op, Expr operand, Location location) implements Expr {}

  record Binary(BinaryOp op, Expr left, Expr right, Location location) implements Expr {}

  /** Prefix operators, by their spelling in the grammar. */
  enum UnaryOp {
    NEGATE("-"), NOT("!");

    private final String symbol;

    UnaryOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    static UnaryOp of(String symbol) {
      for (UnaryOp op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException("no unary operator " + symbol);
    }
  }

  /** Infix operators, by their spelling in the grammar; {@link #isLogical} ones short-circuit. */
  enum BinaryOp {
    POWER("^"), TIMES("*"), DIVIDE("/"), MODULO("%"), PLUS("+"), MINUS("-"),
    EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_EQUAL("<="), GREATER(">"), GREATER_EQUAL(">="),
    AND("&&"), OR("||");

    private final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean isLogical() {
      return this == AND || this == OR;
    }

    public boolean isEquality() {
      return this == EQUAL || this == NOT_EQUAL;
    }

    static BinaryOp of(String symbol) {
      for (BinaryOp op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException("no binary operator " + symbol);
    }

    @Override
    public String toString() {
      return symbol;
    }
  }

  record Ternary(Expr condition, Expr then, Expr otherwise, Location location) implements Expr {}

  /**
   * {@code x.channels}: a property of the inferred shape of tensor {@code tensor} (a name only, so
   * properties cannot chain). {@code property} is spelled as written and resolved when evaluated
   * ({@link TensorProperty}); {@code location} is the tensor name's, {@code propertyAt} the property's.
   */
  record ShapeOf(String tensor, String property, Location location, Location propertyAt) implements Expr {}

  /**
   * A chain written as a call argument, {@code concat(x -> conv(64, 1), y)}: a tensor, so it is only
   * valid where a tensor is expected (the tensors of a merge, a block's tensor parameter).
   */
  record Inline(Chain chain, Location location) implements Expr {}

  /** A builtin function: {@code min}, {@code max}, {@code len}. */
  record Call(String function, List<Expr> arguments, Location location) implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
    }
  }
}
