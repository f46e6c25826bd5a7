package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a layer or block accepts: its parameters in positional order. A parameter is required when
 * it has neither a default value (built-in layers) nor a default expression (blocks), unless it is
 * {@code optional} (a default computed from other arguments, as a pool's stride defaults to its pool).
 */
record Signature(String name, List<Parameter> parameters) {

  Signature {
    parameters = List.copyOf(parameters);
  }

  record Parameter(String name, ValueType type, Optional<Value> defaultValue, Optional<Expr> defaultExpr,
      boolean optional, Location location) {

    static Parameter required(String name, ValueType type) {
      return new Parameter(name, type, Optional.empty(), Optional.empty(), false, Location.UNKNOWN);
    }

    static Parameter withDefault(String name, ValueType type, Value value) {
      return new Parameter(name, type, Optional.of(value), Optional.empty(), false, Location.UNKNOWN);
    }

    static Parameter optional(String name, ValueType type) {
      return new Parameter(name, type, Optional.empty(), Optional.empty(), true, Location.UNKNOWN);
    }

    boolean isRequired() {
      return defaultValue.isEmpty() && defaultExpr.isEmpty() && !optional;
    }

    String spelled() {
      return name + ": " + type.spelled();
    }
  }

  Optional<Parameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  List<String> names() {
    return parameters.stream().map(Parameter::name).toList();
  }

  /** {@code conv(filters: int, kernel: int or [h, w], …)} for hints. */
  String spelled() {
    return name + parameters.stream().map(Parameter::spelled).collect(Collectors.joining(", ", "(", ")"));
  }
}
