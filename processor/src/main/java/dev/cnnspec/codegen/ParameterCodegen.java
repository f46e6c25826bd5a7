package dev.cnnspec.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkParameter;
import dev.cnnspec.model.Padding;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How one network parameter appears in a generated builder: its Java type, the literal of the
 * value checked at build time, the test "has the user changed it?", and the text the interpreter
 * receives as an override. The text is written in the language's own syntax ({@code 0.001},
 * {@code [2, 2]}, {@code relu}) so that the run-time compiler parses exactly what a spec would say.
 */
final class ParameterCodegen {
  private static final ClassName LIST = ClassName.get(List.class);

  private ParameterCodegen() {}

  static TypeName javaType(NetworkParameter p) {
    return switch (p.type()) {
      case INT -> TypeName.INT;
      case FLOAT -> TypeName.DOUBLE;
      case BOOL -> TypeName.BOOLEAN;
      case INT_LIST -> ParameterizedTypeName.get(LIST, ClassName.get(Integer.class));
      case ACTIVATION -> ClassName.get(Activation.class);
      case PADDING -> ClassName.get(Padding.class);
      case LOSS -> ClassName.get(Loss.class);
      case TENSOR -> throw new IllegalArgumentException("a network parameter cannot be a tensor: " + p.name());
    };
  }

  /** The checked value as a Java expression of {@link #javaType}. */
  static CodeBlock literal(NetworkParameter p) {
    Object v = p.value();
    return switch (p.type()) {
      case INT -> CodeBlock.of("$L", ((Number) v).intValue());
      case FLOAT -> CodeBlock.of("$L", doubleLiteral(((Number) v).doubleValue()));
      case BOOL -> CodeBlock.of("$L", v);
      case INT_LIST -> CodeBlock.of("$T.of($L)", LIST, ((List<?>) v).stream()
          .map(String::valueOf).collect(Collectors.joining(", ")));
      case ACTIVATION, PADDING, LOSS -> CodeBlock.of("$T.$L", javaType(p), ((Enum<?>) v).name());
      case TENSOR -> throw new IllegalArgumentException("a network parameter cannot be a tensor: " + p.name());
    };
  }

  /** True when {@code field} differs from the checked value. */
  static CodeBlock differs(NetworkParameter p, String field) {
    return switch (p.type()) {
      case INT, BOOL -> CodeBlock.of("$N != $L", field, literal(p));
      // compare() rather than != so that -0.0 and NaN count as changes, as the interpreter sees them.
      case FLOAT -> CodeBlock.of("$T.compare($N, $L) != 0", Double.class, field, literal(p));
      case INT_LIST -> CodeBlock.of("!$N.equals($L)", field, literal(p));
      case ACTIVATION, PADDING, LOSS -> CodeBlock.of("$N != $L", field, literal(p));
      case TENSOR -> throw new IllegalArgumentException("a network parameter cannot be a tensor: " + p.name());
    };
  }

  /** The override text for {@code field} in spec syntax. */
  static CodeBlock overrideText(NetworkParameter p, String field) {
    return switch (p.type()) {
      case INT -> CodeBlock.of("$T.toString($N)", Integer.class, field);
      case BOOL -> CodeBlock.of("$T.toString($N)", Boolean.class, field);
      // Plain decimal notation: no exponent the spec lexer might spell differently.
      case FLOAT -> CodeBlock.of("$T.valueOf($N).toPlainString()", BigDecimal.class, field);
      case INT_LIST -> CodeBlock.of("$N.toString()", field);
      case ACTIVATION, PADDING -> CodeBlock.of("$N.specName()", field);
      case LOSS -> CodeBlock.of("$N.specName()", field);
      case TENSOR -> throw new IllegalArgumentException("a network parameter cannot be a tensor: " + p.name());
    };
  }

  /** How the setter keeps the builder's state immutable and non-null. */
  static CodeBlock assignment(NetworkParameter p, String field) {
    return switch (p.type()) {
      case INT_LIST -> CodeBlock.of("this.$N = $T.copyOf($N)", field, LIST, field);
      case ACTIVATION, PADDING, LOSS ->
          CodeBlock.of("this.$N = $T.requireNonNull($N, $S)", field, java.util.Objects.class, field, field);
      default -> CodeBlock.of("this.$N = $N", field, field);
    };
  }

  /** The checked value as the language writes it, for Javadoc. */
  static String specText(NetworkParameter p) {
    Object v = p.value();
    return switch (p.type()) {
      case FLOAT -> BigDecimal.valueOf(((Number) v).doubleValue()).toPlainString();
      case ACTIVATION -> ((Activation) v).specName();
      case PADDING -> ((Padding) v).specName();
      case LOSS -> ((Loss) v).specName();
      default -> String.valueOf(v);
    };
  }

  private static String doubleLiteral(double d) {
    if (Double.isNaN(d)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(d);
  }
}
