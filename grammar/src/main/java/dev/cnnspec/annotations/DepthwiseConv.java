package dev.cnnspec.annotations;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Padding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise convolution, as the language's {@code depthwise_conv} (Keras's DepthwiseConv2D):
 * {@code multiplier} filters per input channel.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DepthwiseConv {
  /** One value for a square kernel, or {height, width}. */
  int[] kernel();

  int multiplier() default 1;

  int[] stride() default 1;

  Padding padding() default Padding.VALID;

  /** Explicit zeros on each side, as {@link Conv#pad()}. */
  int[] pad() default 0;

  Activation activation() default Activation.IDENTITY;

  boolean bias() default true;

  /** The leaky-ReLU slope; ignored by other activations. */
  double alpha() default Activation.DEFAULT_LEAKY_ALPHA;
}
