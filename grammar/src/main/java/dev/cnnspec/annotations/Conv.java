package dev.cnnspec.annotations;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Padding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution, as the language's {@code conv} (Keras semantics). {@code activation = MFM}
 * adds a separate max-feature-map layer named {@code <method>_mfm}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv {
  int filters();

  /** One value for a square kernel, or {height, width}. */
  int[] kernel();

  int[] stride() default 1;

  Padding padding() default Padding.VALID;

  /**
   * Explicit zeros on each side (PyTorch's {@code padding}): one value, or {height, width}; the
   * language's {@code padding: 1} / {@code padding: [1, 2]}. Needs {@code padding = VALID}.
   */
  int[] pad() default 0;

  Activation activation() default Activation.IDENTITY;

  boolean bias() default true;

  int[] dilation() default 1;

  /** The leaky-ReLU slope; ignored by other activations. */
  double alpha() default Activation.DEFAULT_LEAKY_ALPHA;

  /**
   * Grouped convolution (PyTorch's {@code groups}): input channels and filters cut into this many
   * groups, each filter group seeing one input group; both counts must be divisible by it.
   */
  int groups() default 1;
}
