package dev.cnnspec.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Channel shuffle between {@code value} groups, as the language's {@code channel_shuffle(groups)}
 * (ShuffleNet's; PyTorch's {@code nn.ChannelShuffle}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ChannelShuffle {
  /** The number of groups; must divide the channel count. */
  int value();
}
