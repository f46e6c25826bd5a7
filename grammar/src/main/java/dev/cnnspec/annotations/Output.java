package dev.cnnspec.annotations;

import dev.cnnspec.model.Loss;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the tensor an output head. On a layer method the head reads that layer and is named
 * like it; on a method without a layer annotation it reads the method's one parameter.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Output {
  Loss loss() default Loss.CROSS_ENTROPY;

  /** This loss's weight in the total: 1 for a main head (GoogLeNet's auxiliary heads use 0.3). */
  double weight() default 1.0;
}
