package dev.cnnspec.importer.keras;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One weight variable as Keras stores it: its name ({@code kernel}, {@code moving_variance}), its
 * shape in Keras's layout (row-major) and a reader for its values, called only after the shape has
 * been checked against the model, so a file cannot make the importer allocate what no layer needs.
 */
record Tensor(String name, int[] shape, Supplier<float[]> values) {

  long size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code 5×5×1×6}, as messages print shapes. */
  static String dims(int[] shape) {
    return shape.length == 0 ? "a scalar"
        : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("×"));
  }

  @Override
  public String toString() {
    return name + " " + dims(shape);
  }
}
