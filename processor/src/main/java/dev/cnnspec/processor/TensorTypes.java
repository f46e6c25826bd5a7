package dev.cnnspec.processor;

import dev.cnnspec.model.Op;

import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the marker types {@code Tensor}, {@code Spatial} and {@code Flat} off declarations. They
 * are how a person tells javac (and us) the rank of each tensor, so a rank mismatch is an error at
 * a parameter rather than a shape error deep in the checker.
 */
final class TensorTypes {
  static final String PACKAGE = "dev.cnnspec.annotations";

  enum Kind { TENSOR, SPATIAL, FLAT }

  private TensorTypes() {}

  /** Empty when the type is none of ours; {@code unresolved} types are left to javac. */
  static Optional<Kind> kindOf(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    Element e = ((DeclaredType) type).asElement();
    String name = ((TypeElement) e).getQualifiedName().toString();
    return switch (name) {
      case PACKAGE + ".Tensor" -> Optional.of(Kind.TENSOR);
      case PACKAGE + ".Spatial" -> Optional.of(Kind.SPATIAL);
      case PACKAGE + ".Flat" -> Optional.of(Kind.FLAT);
      default -> Optional.empty();
    };
  }

  static boolean unresolved(TypeMirror type) {
    return type.getKind() == TypeKind.ERROR;
  }

  static String spell(Kind kind) {
    return switch (kind) {
      case TENSOR -> "Tensor";
      case SPATIAL -> "Spatial";
      case FLAT -> "Flat";
    };
  }

  static Kind of(Op.Rank rank) {
    return switch (rank) {
      case SPATIAL -> Kind.SPATIAL;
      case FLAT -> Kind.FLAT;
      default -> Kind.TENSOR;
    };
  }

  /** Two declared kinds conflict when both are specific and differ. */
  static boolean conflict(Kind a, Kind b) {
    return a != Kind.TENSOR && b != Kind.TENSOR && a != b;
  }
}
