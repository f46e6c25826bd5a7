package dev.cnnspec.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A network input: a method without parameters. Give {@code height}, {@code width} and
 * {@code channels} for an image-like input, or {@code size} alone for a flat one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Input {
  int height() default 0;

  int width() default 0;

  int channels() default 0;

  /** The length of a flat input; leave 0 for a spatial one. */
  int size() default 0;
}
