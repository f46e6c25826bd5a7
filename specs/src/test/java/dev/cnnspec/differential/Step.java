package dev.cnnspec.differential;

import dev.cnnspec.model.Shape;
import java.util.function.UnaryOperator;

/**
 * One chain element as generated: its spec text and the generator's own guess of its shape rule
 * (null for "does not apply to this input"). The guess only steers the generator towards specs
 * the checker accepts; whether a spec is valid is the checker's call, and the oracle compares its
 * shapes with DL4J's, never with this rule.
 */
record Step(String text, UnaryOperator<Shape> rule) {

  /** The shape after this element, or null if the generator thinks it does not apply. */
  Shape apply(Shape in) {
    return in == null ? null : rule.apply(in);
  }

  static Step preserving(String text) {
    return new Step(text, s -> s);
  }

  Step then(Step next) {
    return new Step(text + " -> " + next.text, s -> next.apply(apply(s)));
  }

  /** {@code (a -> b)}, so that a suffix applies to the group. */
  Step grouped() {
    return new Step("(" + text + ")", rule);
  }

  /** {@code e * n}: n times in series; {@code * 0} is the identity. */
  Step repeated(int times, String timesText) {
    return new Step(text + " * " + timesText, s -> {
      Shape out = s;
      for (int i = 0; i < times && out != null; i++) {
        out = apply(out);
      }
      return out;
    });
  }

  /** {@code e when cond}: the element if cond holds, else the identity. */
  Step when(boolean holds, String condition) {
    return new Step(text + " when " + condition, s -> holds ? apply(s) : s);
  }

  /** The text that goes into a chain after {@code ->}; groups with a suffix are already closed. */
  @Override
  public String toString() {
    return text;
  }
}
