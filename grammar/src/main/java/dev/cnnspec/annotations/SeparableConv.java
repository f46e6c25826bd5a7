package dev.cnnspec.annotations;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Padding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A separable convolution, as the language's {@code separable_conv} (Keras's SeparableConv2D): a
 * depthwise convolution with {@code multiplier} filters per channel, then a 1×1 one to
 * {@code filters} channels.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SeparableConv {
  int filters();

  /** One value for a square kernel, or {height, width}. */
  int[] kernel();

  int[] stride() default 1;

  Padding padding() default Padding.VALID;

  /** Explicit zeros on each side, as {@link Conv#pad()}. */
  int[] pad() default 0;

  Activation activation() default Activation.IDENTITY;

  boolean bias() default true;

  int[] dilation() default 1;

  int multiplier() default 1;

  /** The leaky-ReLU slope; ignored by other activations. */
  double alpha() default Activation.DEFAULT_LEAKY_ALPHA;
}
