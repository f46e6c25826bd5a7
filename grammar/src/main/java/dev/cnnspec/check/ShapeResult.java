package dev.cnnspec.check;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.model.Shape;
import java.util.Objects;

/**
 * The outcome of one shape rule: an output shape, or the diagnostic that explains why there is
 * none. Rules return it instead of reporting so that they stay pure functions of op and operand
 * shapes; {@link NetworkChecker} reports at the layer's location, which the rules do not need.
 */
record ShapeResult(Shape shape, DiagnosticCode code, String message, String hint) {

  static ShapeResult of(Shape shape) {
    return new ShapeResult(Objects.requireNonNull(shape), null, null, null);
  }

  static ShapeResult error(DiagnosticCode code, String message, String hint) {
    return new ShapeResult(null, code, message, hint);
  }

  boolean isOk() {
    return shape != null;
  }
}
