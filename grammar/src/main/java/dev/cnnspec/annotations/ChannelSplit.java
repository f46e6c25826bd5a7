package dev.cnnspec.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Part {@code index} (from 0) of the channels cut into {@code parts} equal parts, as the language's
 * {@code channel_split(parts, index)} (PyTorch's {@code x.chunk(parts, dim=1)[index]}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ChannelSplit {
  /** How many equal parts; must divide the channel count. */
  int parts();

  /** Which part, from 0 to parts − 1. */
  int index();
}
