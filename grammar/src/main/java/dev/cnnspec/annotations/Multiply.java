package dev.cnnspec.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Element-wise product of the method's two parameters: of one shape, or a tensor and a per-channel
 * gate ([1, 1, C] or [C]), as the language's {@code multiply}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Multiply {}
