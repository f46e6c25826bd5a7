package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.Optional;

/** One argument of a call: positional when {@code name} is empty. {@code location} is its first token. */
public record Argument(Optional<String> name, Expr value, Location location) {

  public boolean isNamed() {
    return name.isPresent();
  }
}
