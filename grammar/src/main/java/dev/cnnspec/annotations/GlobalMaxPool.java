package dev.cnnspec.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Global max pooling over height and width: a flat output, one value per channel, or a 1×1×C
 * tensor with {@code keep = true} (declare it {@link Spatial} then).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GlobalMaxPool {
  /** Keep a 1×1×C spatial tensor instead of a flat one (Keras's {@code keepdims=True}). */
  boolean keep() default false;
}
