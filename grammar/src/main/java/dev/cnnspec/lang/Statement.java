package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.List;
import java.util.Optional;

/**
 * A statement of a network or block body. {@code location} is that of the defined name, or of the
 * keyword for statements that define none.
 */
public sealed interface Statement {
  Location location();

  /** {@code input NAME: [dims]}. */
  record Input(String name, List<Expr> dims, Location location) implements Statement {
    public Input {
      dims = List.copyOf(dims);
    }
  }

  /** {@code let NAME = EXPR}. */
  record Let(String name, Expr value, Location location) implements Statement {}

  /** {@code NAME = CHAIN}. */
  record Define(String name, Chain chain, Location location) implements Statement {}

  /** {@code output NAME = CHAIN loss L weight W}. */
  record Output(String name, Chain chain, Optional<String> loss, Location lossLocation,
      Optional<Expr> weight, Location location) implements Statement {}

  /** {@code return CHAIN}. */
  record Return(Chain chain, Location location) implements Statement {}

  /** {@code assert EXPR, "message"}. */
  record Assert(Expr condition, String message, Location location) implements Statement {}

  /** {@code if EXPR { … } else …}; an {@code else if} is an {@code otherwise} holding one {@code If}. */
  record If(Expr condition, List<Statement> then, List<Statement> otherwise, Location location)
      implements Statement {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }
}
