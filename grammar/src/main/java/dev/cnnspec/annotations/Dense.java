package dev.cnnspec.annotations;

import dev.cnnspec.model.Activation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer. Its parameter must be {@link Flat}: there is no implicit flatten.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dense {
  int units();

  Activation activation() default Activation.IDENTITY;

  boolean bias() default true;

  /** The leaky-ReLU slope; ignored by other activations. */
  double alpha() default Activation.DEFAULT_LEAKY_ALPHA;
}
