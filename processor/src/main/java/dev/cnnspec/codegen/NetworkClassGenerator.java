package dev.cnnspec.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.codegen.dl4j.Dl4jConfigurationEmitter;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.report.SummaryTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The code generator's core: a pure function from a checked {@link NetworkModel} to the
 * {@link TypeSpec} of its class. It knows nothing of files, packages or javac: {@link SpecCodegen}
 * and the annotation processor decide where the class goes and {@link GeneratedFiles} adds
 * {@code @Generated}. Same model in, same text out: nothing here depends on time or hash order.
 *
 * <p>The class holds what was checked at build time as constants (parameter counts, shapes, the
 * summary table) and a {@link BuilderGenerator builder} whose {@code configuration()} runs the
 * straight-line DL4J code ({@link dev.cnnspec.codegen.dl4j.Dl4jConfigurationEmitter}) when the
 * parameters are unchanged and the interpreter otherwise.
 */
public final class NetworkClassGenerator {
  static final ClassName COMPUTATION_GRAPH_CONFIGURATION =
      ClassName.get("org.deeplearning4j.nn.conf", "ComputationGraphConfiguration");
  static final ClassName IUPDATER = ClassName.get("org.nd4j.linalg.learning.config", "IUpdater");
  private static final ClassName LIST = ClassName.get(List.class);
  private static final TypeName SHAPE_TYPE = ParameterizedTypeName.get(LIST, ClassName.get(Integer.class));

  private final Function<Location, String> where;

  /** Locations printed as they are: for networks whose locations are not file paths. */
  public NetworkClassGenerator() {
    this(Location::toString);
  }

  /**
   * @param where how a location appears in generated comments; spec locations are printed
   *     relative to their root so that output does not depend on the machine
   */
  public NetworkClassGenerator(Function<Location, String> where) {
    this.where = where;
  }

  /**
   * @param className where the class goes
   * @param origin where the network is declared, for people: {@code dev/cnnspec/zoo/lenet.cnn:20:9}
   * @param specSources the spec sources the network was compiled from (path → text), embedded so
   *     that changed parameters can be re-checked at run time; empty for an annotated interface,
   *     which has no parameters
   */
  public TypeSpec generate(NetworkModel model, ClassName className, String origin,
      SortedMap<String, String> specSources) {
    NameAllocator names = new NameAllocator();
    for (String fixed : List.of("NAME", "TOTAL_PARAMETERS", "TRAINABLE_PARAMETERS", "INPUT_NAMES",
        "OUTPUT_NAMES", "INPUT_SHAPE", "OUTPUT_SHAPE", "SOURCES", "SUMMARY")) {
      names.newName(fixed, fixed);
    }
    boolean interpretable = !specSources.isEmpty();
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(classJavadoc(model, origin));

    type.addField(constant(ClassName.get(String.class), "NAME", CodeBlock.of("$S", model.name()),
        "The network's name in its source."));
    type.addField(constant(TypeName.LONG, "TOTAL_PARAMETERS", CodeBlock.of("$LL", model.totalParameters()),
        "Parameters of the network as checked at build time, trainable or not."));
    type.addField(constant(TypeName.LONG, "TRAINABLE_PARAMETERS",
        CodeBlock.of("$LL", model.trainableParameters()),
        "Parameters training updates (batch norm's running statistics are not)."));
    type.addField(constant(ParameterizedTypeName.get(LIST, ClassName.get(String.class)), "INPUT_NAMES",
        stringList(model.inputs().stream().map(InputNode::name).toList()),
        "The inputs in the order DL4J's {@code ComputationGraph} takes them."));
    type.addField(constant(ParameterizedTypeName.get(LIST, ClassName.get(String.class)), "OUTPUT_NAMES",
        stringList(model.outputs().stream().map(OutputModel::name).toList()),
        "The outputs in the order DL4J's {@code ComputationGraph} returns them."));
    addShapes(type, model, names);
    if (interpretable) {
      type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(Map.class),
              ClassName.get(String.class), ClassName.get(String.class)), "SOURCES", Modifier.PRIVATE,
              Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The spec sources this class was generated from, path → text: when parameters\n"
              + "change, the interpreter re-checks them at run time instead of trusting stale code.\n")
          .initializer(EmbeddedSources.initializer(specSources))
          .build());
    }
    type.addField(FieldSpec.builder(ClassName.get(String.class), "SUMMARY", Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL)
        .initializer("$S", SummaryTable.of(model).render())
        .build());

    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    ClassName builderName = className.nestedClass("Builder");
    type.addMethod(MethodSpec.methodBuilder("builder")
        .addJavadoc("A builder whose parameters start at the values checked at build time.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(builderName)
        .addStatement("return new $T()", builderName)
        .build());
    type.addMethod(MethodSpec.methodBuilder("summary")
        .addJavadoc("The layer table {@code cnn summary} prints, for the network as checked at build time.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(String.class)
        .addStatement("return SUMMARY")
        .build());
    type.addMethod(MethodSpec.methodBuilder("checkedConfiguration")
        .addJavadoc("The configuration of the network exactly as checked at build time.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(COMPUTATION_GRAPH_CONFIGURATION)
        .addParameter(TypeName.LONG, "seed")
        .addParameter(IUPDATER, "updater")
        .addCode(Dl4jConfigurationEmitter.emit(model))
        .build());
    type.addType(new BuilderGenerator(model, builderName, interpretable, where).generate());
    return type.build();
  }

  private static CodeBlock classJavadoc(NetworkModel model, String origin) {
    return CodeBlock.builder()
        .add("The {@code $L} network, generated from {@code $L}.\n", JavadocText.escape(model.name()),
            JavadocText.escape(origin))
        .add("Do not edit: change the source and rebuild.\n\n")
        .add("<p>Use {@code builder()} to change parameters, the random seed or the updater, then\n")
        .add("{@code configuration()} or {@code build()}.\n\n")
        .add("<pre>\n$L</pre>\n", JavadocText.escape(SummaryTable.of(model).render()))
        .build();
  }

  private static void addShapes(TypeSpec.Builder type, NetworkModel model, NameAllocator names) {
    for (InputNode input : model.inputs()) {
      String field = names.newName(constantName(input.name()) + "_SHAPE");
      type.addField(constant(SHAPE_TYPE, field, shapeList(input.shape()),
          "The shape of input {@code " + JavadocText.escape(input.name()) + "}: " + describe(input.shape())));
    }
    for (OutputModel output : model.outputs()) {
      String field = names.newName(constantName(output.name()) + "_SHAPE");
      type.addField(constant(SHAPE_TYPE, field, shapeList(output.shape()),
          "The shape of output {@code " + JavadocText.escape(output.name()) + "}: "
              + describe(output.shape())));
    }
    if (model.inputs().size() == 1) {
      type.addField(constant(SHAPE_TYPE, "INPUT_SHAPE", shapeList(model.inputs().get(0).shape()),
          "The shape of the only input, as {@code " + JavadocText.escape(model.inputs().get(0).name())
              + "}."));
    }
    if (model.outputs().size() == 1) {
      type.addField(constant(SHAPE_TYPE, "OUTPUT_SHAPE", shapeList(model.outputs().get(0).shape()),
          "The shape of the only output, as {@code " + JavadocText.escape(model.outputs().get(0).name())
              + "}."));
    }
  }

  private static String describe(Shape shape) {
    return shape instanceof Shape.Spatial
        ? "height, width, channels (DL4J's arrays are NCHW: batch, channels, height, width)."
        : "units.";
  }

  private static FieldSpec constant(TypeName type, String name, CodeBlock value, String javadoc) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .initializer(value)
        .build();
  }

  private static CodeBlock shapeList(Shape shape) {
    return CodeBlock.of("$T.of($L)", LIST,
        shape.dims().stream().map(String::valueOf).collect(Collectors.joining(", ")));
  }

  private static CodeBlock stringList(List<String> values) {
    return CodeBlock.of("$T.of($L)", LIST, values.stream().map(v -> CodeBlock.of("$S", v))
        .collect(CodeBlock.joining(", ")));
  }

  /** {@code probs} → {@code PROBS}, {@code auxOut} → {@code AUX_OUT}. */
  static String constantName(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
