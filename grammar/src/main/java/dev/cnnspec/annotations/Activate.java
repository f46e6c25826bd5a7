package dev.cnnspec.annotations;

import dev.cnnspec.model.Activation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stand-alone activation layer, as the language's {@code relu}, {@code tanh}, … or
 * {@code activation(fn)}: {@code @Activate(Activation.RELU)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Activate {
  Activation value();

  /** The leaky-ReLU slope; ignored by other activations. */
  double alpha() default Activation.DEFAULT_LEAKY_ALPHA;
}
