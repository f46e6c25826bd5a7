package dev.cnnspec.lang;

import dev.cnnspec.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an expression may ask of a tensor's inferred shape ({@code x.channels}). Spatial tensors
 * [h, w, c] have height, width and channels; flat tensors [n] have units; both have {@code shape},
 * the list of their dimensions as {@code input} declares them. A property the shape lacks is an
 * error, not a guess: {@code .units} of a spatial tensor might mean h·w·c or c.
 */
enum TensorProperty {
  HEIGHT, WIDTH, CHANNELS, UNITS, SHAPE;

  String spelled() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Optional<TensorProperty> of(String spelled) {
    return Arrays.stream(values()).filter(p -> p.spelled().equals(spelled)).findFirst();
  }

  static List<String> spellings() {
    return Arrays.stream(values()).map(TensorProperty::spelled).toList();
  }

  /** The property's value on {@code shape}, or empty when that kind of shape has no such property. */
  Optional<Value> of(Shape shape) {
    if (this == SHAPE) {
      return Optional.of(new Value.ListV(shape.dims()));
    }
    if (shape instanceof Shape.Spatial s) {
      return switch (this) {
        case HEIGHT -> Optional.of(new Value.IntV(s.height()));
        case WIDTH -> Optional.of(new Value.IntV(s.width()));
        case CHANNELS -> Optional.of(new Value.IntV(s.channels()));
        case UNITS, SHAPE -> Optional.empty();
      };
    }
    return this == UNITS ? Optional.of(new Value.IntV(((Shape.Flat) shape).size())) : Optional.empty();
  }

  /** The properties a shape of this kind has, for hints. */
  static String available(Shape shape) {
    return shape instanceof Shape.Spatial ? ".height, .width, .channels and .shape" : ".units and .shape";
  }
}
