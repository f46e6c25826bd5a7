package dev.cnnspec.lang;

import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.ParameterType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The types an argument can have: the language's parameter types plus the shapes of layer
 * arguments that accept several forms (a kernel is an int or {@code [h, w]}).
 */
enum ValueType {
  INT("int"),
  FLOAT("float"),
  BOOL("bool"),
  INT_LIST("int[]"),
  ACTIVATION("activation"),
  PADDING("padding"),
  LOSS("loss"),
  TENSOR("tensor"),
  /** An int or {@code [h, w]}. */
  SIZE("int or [h, w]"),
  /** An int, {@code [v, h]} or {@code [top, bottom, left, right]}. */
  PADS("int, [v, h] or [top, bottom, left, right]"),
  /** A conv's or pool's padding: {@code same}, {@code valid}, an int or {@code [h, w]} on each side. */
  WINDOW_PADDING("padding, int or [h, w]"),
  /** Any number of tensors (add, concat). */
  TENSORS("tensors");

  private final String spelled;

  ValueType(String spelled) {
    this.spelled = spelled;
  }

  String spelled() {
    return spelled;
  }

  static Optional<ValueType> of(ParameterType type) {
    return Optional.of(switch (type) {
      case INT -> INT;
      case FLOAT -> FLOAT;
      case BOOL -> BOOL;
      case INT_LIST -> INT_LIST;
      case ACTIVATION -> ACTIVATION;
      case PADDING -> PADDING;
      case LOSS -> LOSS;
      case TENSOR -> TENSOR;
    });
  }

  static Optional<ParameterType> parameterType(String spelled) {
    return Arrays.stream(ParameterType.values()).filter(t -> t.specName().equals(spelled)).findFirst();
  }

  static List<String> typeNames() {
    return Arrays.stream(ParameterType.values()).map(ParameterType::specName).toList();
  }

  /** How a value of this type is written, for hints ("write e.g. 10"). */
  String example() {
    return switch (this) {
      case INT -> "10";
      case FLOAT -> "0.5";
      case BOOL -> "true or false";
      case INT_LIST -> "[1, 2, 3]";
      case ACTIVATION, PADDING, LOSS -> "one of " + String.join(", ", constants());
      case TENSOR, TENSORS -> "a tensor name";
      case SIZE -> "3 or [3, 5]";
      case PADS -> "1 or [1, 2]";
      case WINDOW_PADDING -> "same, valid, 1 or [1, 2]";
    };
  }

  boolean isEnum() {
    return this == ACTIVATION || this == PADDING || this == WINDOW_PADDING || this == LOSS;
  }

  /** The constants of an enum type, as spelled in specs. */
  List<String> constants() {
    return switch (this) {
      case ACTIVATION -> java.util.stream.Stream.concat(Arrays.stream(Activation.values()).map(Activation::specName),
          Activation.ALIASES.keySet().stream().sorted()).toList();
      case PADDING, WINDOW_PADDING -> Arrays.stream(Padding.values()).map(Padding::specName).toList();
      case LOSS -> Arrays.stream(Loss.values()).map(Loss::specName).toList();
      default -> List.of();
    };
  }
}
