package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.List;
import java.util.Optional;

/** {@code TERM -> ELEMENT -> …}: a tensor flowing through layers, presets and blocks. */
public record Chain(Term head, List<Element> elements, Location location) {

  public Chain {
    elements = List.copyOf(elements);
  }

  /** Where a chain's tensor comes from. */
  public sealed interface Term {
    Location location();
  }

  /** A tensor name. */
  public record NameTerm(String name, Location location) implements Term {}

  /** {@code concat(a, b)}, {@code add(y, s)} or a block with its tensors passed explicitly. */
  public record CallTerm(String name, List<Argument> arguments, Location location) implements Term {
    public CallTerm {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code ( CHAIN )}. */
  public record ParenTerm(Chain chain, Location location) implements Term {}

  /** Something applied to the chain's tensor, with its suffixes ({@code * n}, {@code for}, {@code when}). */
  public sealed interface Element {
    List<Suffix> suffixes();

    Location location();
  }

  /**
   * A layer, preset or block by name; {@code arguments} is empty when written without parentheses
   * ({@code flatten}). {@code location} is that of the name token.
   */
  public record LayerElement(String name, Optional<List<Argument>> arguments, List<Suffix> suffixes,
      Location location) implements Element {
    public LayerElement {
      suffixes = List.copyOf(suffixes);
    }

    public List<Argument> argumentList() {
      return arguments.orElse(List.of());
    }
  }

  /** {@code (conv3(64) -> maxpool) * 2}: elements applied in series, repeated or made optional together. */
  public record GroupElement(List<Element> elements, List<Suffix> suffixes, Location location) implements Element {
    public GroupElement {
      elements = List.copyOf(elements);
      suffixes = List.copyOf(suffixes);
    }
  }

  /** Element suffixes, applied left to right. */
  public sealed interface Suffix {
    Location location();
  }

  /** {@code * EXPR}: repeat in series. */
  public record Repeat(Expr count, Location location) implements Suffix {}

  /** {@code for NAME in A..B}: repeat in series with NAME bound to A, A+1, …, B. */
  public record For(String variable, Expr from, Expr to, Location location) implements Suffix {}

  /** {@code when EXPR}: the element only if true, else identity. */
  public record When(Expr condition, Location location) implements Suffix {}
}
