package dev.cnnspec.processor;

import dev.cnnspec.diag.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Typed, validated access to one annotation's values, defaults included. A value javac could not
 * resolve (a misspelled enum constant, a missing required element) reads as empty without a
 * report of ours, because javac has already reported it at the right place; a value that is
 * well-typed but meaningless ({@code filters = 0}) is reported here on the value itself.
 */
final class AnnotationValues {
  private final Element element;
  private final AnnotationMirror mirror;
  private final Reporter reporter;
  private final Map<String, AnnotationValue> values = new HashMap<>();
  private boolean valid = true;

  AnnotationValues(Element element, AnnotationMirror mirror, Elements elements, Reporter reporter) {
    this.element = element;
    this.mirror = mirror;
    this.reporter = reporter;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : elements.getElementValuesWithDefaults(mirror).entrySet()) {
      values.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
  }

  /** False once any value was missing, ill-typed or invalid: the layer must not be built. */
  boolean valid() {
    return valid;
  }

  Optional<Integer> positiveInt(String name) {
    Optional<Integer> v = typed(name, Integer.class);
    if (v.isPresent() && v.get() <= 0) {
      invalid(name, name + " must be positive, not " + v.get(), "");
      return Optional.empty();
    }
    return v;
  }

  Optional<Integer> nonNegativeInt(String name) {
    Optional<Integer> v = typed(name, Integer.class);
    if (v.isPresent() && v.get() < 0) {
      invalid(name, name + " must not be negative, not " + v.get(), "");
      return Optional.empty();
    }
    return v;
  }

  Optional<Double> number(String name) {
    Optional<Double> v = typed(name, Double.class);
    if (v.isPresent() && !Double.isFinite(v.get())) {
      invalid(name, name + " must be a finite number, not " + v.get(), "");
      return Optional.empty();
    }
    return v;
  }

  Optional<Boolean> bool(String name) {
    return typed(name, Boolean.class);
  }

  /** An array of ints, each at least {@code min}, whose length is one of {@code lengths}. */
  Optional<List<Integer>> ints(String name, int min, List<Integer> lengths, String shapeHint) {
    Optional<List<?>> raw = typed(name, List.class).map(l -> (List<?>) l);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> out = new ArrayList<>();
    for (Object o : raw.get()) {
      if (!(o instanceof AnnotationValue av) || !(av.getValue() instanceof Integer i)) {
        valid = false;
        return Optional.empty();
      }
      if (i < min) {
        invalid(name, name + " must be " + (min == 1 ? "positive" : "at least " + min) + ", not " + i, "");
        return Optional.empty();
      }
      out.add(i);
    }
    if (!lengths.contains(out.size())) {
      invalid(name, name + " takes " + shapeHint + ", not " + out.size() + " values", "write e.g. " + name
          + " = 3 or " + name + " = {3, 1}");
      return Optional.empty();
    }
    return Optional.of(List.copyOf(out));
  }

  <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
    AnnotationValue v = values.get(name);
    if (v != null && v.getValue() instanceof VariableElement constant) {
      try {
        return Optional.of(Enum.valueOf(type, constant.getSimpleName().toString()));
      } catch (IllegalArgumentException e) {
        // Compiled against another version of the enum: say which constants exist.
        invalid(name, "unknown " + type.getSimpleName() + " " + constant.getSimpleName(),
            "use one of " + List.of(type.getEnumConstants()));
        return Optional.empty();
      }
    }
    valid = false;
    return Optional.empty();
  }

  void invalid(String name, String message, String hint) {
    valid = false;
    reporter.error(DiagnosticCode.INVALID_ANNOTATION, element, mirror, values.get(name), message, hint);
  }

  AnnotationValue value(String name) {
    return values.get(name);
  }

  private <T> Optional<T> typed(String name, Class<T> type) {
    AnnotationValue v = values.get(name);
    if (v != null && type.isInstance(v.getValue())) {
      return Optional.of(type.cast(v.getValue()));
    }
    valid = false;
    return Optional.empty();
  }
}
