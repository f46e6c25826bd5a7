package dev.cnnspec.lang;

import dev.cnnspec.diag.Suggestions;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.Value.FloatV;
import dev.cnnspec.lang.Value.IntV;
import dev.cnnspec.lang.Value.ListV;
import dev.cnnspec.lang.Value.Poison;
import dev.cnnspec.lang.Value.Sym;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.Padding;
import java.util.List;
import java.util.Optional;

/**
 * Checks a value against an expected type and converts it: an int widens to a float, a bare name
 * becomes an enum constant of the expected enum. Mismatches are E0204 ("argument `filters` of conv
 * must be an int, found float 6.5"); an unknown bare name is E0203 with the closest constant.
 */
final class Coercion {
  private final Diagnostics diagnostics;

  Coercion(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The converted value, or empty after reporting. {@code subject} is e.g. "argument `filters` of conv". */
  Optional<Value> coerce(Value v, ValueType type, Location at, Env env, String subject) {
    if (v == Poison.INSTANCE) {
      return Optional.empty();
    }
    switch (type) {
      case INT, BOOL, INT_LIST -> {
        boolean ok = type == ValueType.INT ? v instanceof IntV
            : type == ValueType.BOOL ? v instanceof Value.BoolV : v instanceof ListV;
        if (ok) {
          return Optional.of(v);
        }
      }
      case FLOAT -> {
        if (v instanceof IntV i) {
          return Optional.of(new FloatV(i.value()));
        }
        if (v instanceof FloatV) {
          return Optional.of(v);
        }
      }
      case SIZE -> {
        if (v instanceof IntV || v instanceof ListV l && l.items().size() == 2) {
          return Optional.of(v);
        }
      }
      case PADS -> {
        if (v instanceof IntV || v instanceof ListV l && (l.items().size() == 2 || l.items().size() == 4)) {
          return Optional.of(v);
        }
      }
      case ACTIVATION, PADDING, WINDOW_PADDING, LOSS -> {
        if (type == ValueType.WINDOW_PADDING && (v instanceof IntV || v instanceof ListV l && l.items().size() == 2)) {
          return Optional.of(v);
        }
        if (v instanceof Sym s) {
          if (type.constants().contains(s.name())) {
            return Optional.of(v);
          }
          if (env.lookup(s.name(), at).isEmpty() && !env.isTensor(s.name())) {
            String suggestion = Suggestions.didYouMean(s.name(), type.constants());
            boolean window = type == ValueType.WINDOW_PADDING;
            diagnostics.error(DiagnosticCode.UNDEFINED_NAME, s.location(),
                "`" + s.name() + "` is not " + (window ? "a padding" : article(type)) + " (" + subject + ")",
                (suggestion.isEmpty() ? "" : suggestion + " ") + (window ? "padding" : type.spelled())
                    + " is one of " + String.join(", ", type.constants())
                    + (window ? ", or the zeros on each side: 1 or [1, 2]" : ""));
            return Optional.empty();
          }
        }
      }
      default -> {
      }
    }
    if (v instanceof Sym s && !type.isEnum()) {
      if (env.isTensor(s.name())) {
        diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at,
            subject + " must be " + article(type) + ", found tensor `" + s.name() + "`",
            "tensors flow through chains: " + s.name() + " -> layer(…)");
      } else {
        diagnostics.error(DiagnosticCode.UNDEFINED_NAME, s.location(), "undefined name `" + s.name() + "`",
            ExpressionEvaluator.hintFor(s.name(), env.names()));
      }
      return Optional.empty();
    }
    diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at,
        subject + " must be " + article(type) + ", found " + v.describe(), hint(type));
    return Optional.empty();
  }

  private static String hint(ValueType type) {
    return switch (type) {
      case INT -> "write a whole number such as 64";
      case SIZE -> "write an int such as 3, or [height, width]";
      case PADS -> "write an int, [vertical, horizontal] or [top, bottom, left, right]";
      case ACTIVATION, PADDING, LOSS -> type.spelled() + " is one of " + String.join(", ", type.constants());
      case WINDOW_PADDING -> "write same, valid, or the zeros on each side: 1 or [1, 2]";
      default -> "";
    };
  }

  static String article(ValueType type) {
    return switch (type) {
      case INT, INT_LIST -> "an " + type.spelled();
      case ACTIVATION -> "an activation";
      case SIZE, PADS -> type.spelled();
      case WINDOW_PADDING -> "same, valid, an int or [h, w]";
      case TENSORS -> "tensors";
      default -> "a " + type.spelled();
    };
  }

  /** The Java value the model stores for a checked value (see {@code NetworkParameter}). */
  static Object toModel(Value v, ValueType type) {
    if (v instanceof IntV i) {
      return type == ValueType.FLOAT ? (Object) (double) i.value() : (Object) i.value();
    }
    if (v instanceof FloatV f) {
      return f.value();
    }
    if (v instanceof Value.BoolV b) {
      return b.value();
    }
    if (v instanceof ListV l) {
      return List.copyOf(l.items());
    }
    if (v instanceof Sym s) {
      return switch (type) {
        case ACTIVATION -> Activation.fromSpecName(s.name()).orElseThrow();
        case PADDING -> Padding.fromSpecName(s.name()).orElseThrow();
        case LOSS -> Loss.fromSpecName(s.name()).orElseThrow();
        default -> s.name();
      };
    }
    return String.valueOf(v);
  }
}
