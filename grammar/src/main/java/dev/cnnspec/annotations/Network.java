package dev.cnnspec.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a network. Its methods are the network's inputs ({@link Input}) and
 * layers; see the package documentation for the rules. The generated class is named {@code name},
 * or the interface's name followed by {@code Net} when {@code name} is empty or equals it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
  /** The network's name, as a spec would write it; the interface's simple name when empty. */
  String name() default "";
}
