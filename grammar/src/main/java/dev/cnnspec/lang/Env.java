package dev.cnnspec.lang;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Names visible to an expression: a body's parameters and lets (resolved lazily by the body), and
 * loop variables layered on top. {@link #isTensor} lets messages say "x is a tensor, not an int".
 */
interface Env {

  Optional<Value> lookup(String name, dev.cnnspec.diag.Location at);

  boolean isTensor(String name);

  /**
   * The inferred shape of tensor {@code name} (one {@link #isTensor} accepts), elaborating its
   * definition if needed; empty after an error was reported at {@code at} or upstream.
   */
  Optional<dev.cnnspec.model.Shape> shape(String name, dev.cnnspec.diag.Location at);

  /** Every value name, for "did you mean" suggestions. */
  Collection<String> names();

  Env EMPTY = new Env() {
    @Override
    public Optional<Value> lookup(String name, dev.cnnspec.diag.Location at) {
      return Optional.empty();
    }

    @Override
    public boolean isTensor(String name) {
      return false;
    }

    @Override
    public Optional<dev.cnnspec.model.Shape> shape(String name, dev.cnnspec.diag.Location at) {
      return Optional.empty();
    }

    @Override
    public Collection<String> names() {
      return List.of();
    }
  };

  /** This environment with {@code name} bound to {@code value} (a loop variable). */
  default Env with(String name, Value value) {
    Env outer = this;
    Map<String, Value> local = new HashMap<>(Map.of(name, value));
    return new Env() {
      @Override
      public Optional<Value> lookup(String n, dev.cnnspec.diag.Location at) {
        Value v = local.get(n);
        return v != null ? Optional.of(v) : outer.lookup(n, at);
      }

      @Override
      public boolean isTensor(String n) {
        return !local.containsKey(n) && outer.isTensor(n);
      }

      @Override
      public Optional<dev.cnnspec.model.Shape> shape(String n, dev.cnnspec.diag.Location at) {
        return outer.shape(n, at);
      }

      @Override
      public Collection<String> names() {
        return Stream.concat(local.keySet().stream(), outer.names().stream()).toList();
      }
    };
  }
}
