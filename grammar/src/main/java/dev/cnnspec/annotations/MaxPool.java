package dev.cnnspec.annotations;

import dev.cnnspec.model.Padding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Max pooling, as the language's {@code maxpool}. The stride defaults to the window.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface MaxPool {
  /** The pool window: one value for a square, or {height, width}. */
  int[] value() default 2;

  /** Empty for the window itself. */
  int[] stride() default {};

  Padding padding() default Padding.VALID;

  /**
   * Explicit zeros on each side (PyTorch's {@code padding}): one value, or {height, width}; the
   * language's {@code padding: 1} / {@code padding: [1, 2]}. Needs {@code padding = VALID}.
   */
  int[] pad() default 0;

  /**
   * Round the output size up (PyTorch's {@code ceil_mode=True}; Keras has none): a last window that
   * starts inside the input but runs past its end still gives an output. The language's
   * {@code ceil}.
   */
  boolean ceil() default false;
}
