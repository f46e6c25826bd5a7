package dev.cnnspec.model;

import dev.cnnspec.diag.Location;
import java.util.Optional;

/**
 * A parameter in a network's header. {@code value} is what this elaboration used (the default,
 * or an override such as {@code --set classes=10}); {@code defaultValue} is empty for a required
 * parameter. Values are {@code Integer}, {@code Double}, {@code Boolean}, {@code List<Integer>},
 * or the enums {@link Activation}, {@link Padding}, {@link Loss}.
 */
public record NetworkParameter(String name, ParameterType type, Optional<Object> defaultValue,
    Object value, Location location) {}
