package dev.cnnspec.lang;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A value computed at elaboration time. {@link Sym} is a bare identifier that named no value: it
 * becomes an enum constant ({@code relu}, {@code same}) when the expected type is an enum, and an
 * "undefined name" error anywhere else. {@link Poison} stands for a value whose computation already
 * reported an error, so that one mistake yields one diagnostic.
 */
sealed interface Value {

  /** How the value is named in messages: "int 3", "float 0.5", "list [1, 2]". */
  String describe();

  record IntV(int value) implements Value {
    @Override
    public String describe() {
      return "int " + value;
    }
  }

  record FloatV(double value) implements Value {
    @Override
    public String describe() {
      return "float " + value;
    }
  }

  record BoolV(boolean value) implements Value {
    @Override
    public String describe() {
      return "bool " + value;
    }
  }

  record ListV(List<Integer> items) implements Value {
    public ListV {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "list " + items.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
  }

  /** An enum constant, or a bare name waiting to be one. */
  record Sym(String name, dev.cnnspec.diag.Location location) implements Value {
    @Override
    public String describe() {
      return "name `" + name + "`";
    }
  }

  /** A tensor passed to a block parameter; {@code tensor} is its name in the graph. */
  record TensorV(String name, String tensor) implements Value {
    @Override
    public String describe() {
      return "tensor `" + name + "`";
    }
  }

  enum Poison implements Value {
    INSTANCE;

    @Override
    public String describe() {
      return "an invalid value";
    }
  }
}
