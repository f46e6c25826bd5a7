package dev.cnnspec.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.NetworkParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * The generated {@code Builder}: one typed setter per network parameter, plus the seed and the
 * updater. Its {@code configuration()} is where build time and run time meet: while every
 * parameter still has the value that was checked, the straight-line code is valid and runs; once
 * one differs, only the interpreter can know whether the network still checks (a new {@code
 * classes} is harmless, a new input size may collapse a pool), so it re-compiles the embedded
 * spec with the new values and reports errors as the compiler would.
 */
final class BuilderGenerator {
  /** Tunes the initialised graph for the fastest execution path available (a no-op elsewhere). */
  private static final ClassName FAST_PATH = ClassName.get("dev.cnnspec.runtime.exec", "FastPath");

  private static final ClassName COMPUTATION_GRAPH =
      ClassName.get("org.deeplearning4j.nn.graph", "ComputationGraph");
  private static final ClassName SPEC_INTERPRETER =
      ClassName.get("dev.cnnspec.runtime.dl4j", "SpecInterpreter");
  private static final ClassName ADAM = ClassName.get("org.nd4j.linalg.learning.config", "Adam");
  private static final ClassName MEMORY_BUDGET = ClassName.get("dev.cnnspec.runtime.dl4j", "MemoryBudget");
  private static final ClassName NETWORK_MODEL = ClassName.get("dev.cnnspec.model", "NetworkModel");

  private final NetworkModel model;
  private final ClassName builderName;
  private final boolean interpretable;
  private final Function<Location, String> where;

  BuilderGenerator(NetworkModel model, ClassName builderName, boolean interpretable,
      Function<Location, String> where) {
    this.model = model;
    this.builderName = builderName;
    this.interpretable = interpretable;
    this.where = where;
  }

  TypeSpec generate() {
    NameAllocator names = new NameAllocator();
    for (String fixed : List.of("seed", "updater", "configuration", "build", "overrides", "graph", "model")) {
      names.newName(fixed, fixed);
    }
    Map<NetworkParameter, String> fields = new LinkedHashMap<>();
    for (NetworkParameter p : model.parameters()) {
      fields.put(p, names.newName(p.name(), p));
    }
    TypeSpec.Builder builder = TypeSpec.classBuilder(builderName)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Configures one {@code $L}. Not thread-safe; start one per model.\n",
            JavadocText.escape(model.name()));
    fields.forEach((p, field) -> builder.addField(FieldSpec.builder(ParameterCodegen.javaType(p), field,
        Modifier.PRIVATE).initializer(ParameterCodegen.literal(p)).build()));
    builder.addField(FieldSpec.builder(TypeName.LONG, "seed", Modifier.PRIVATE).initializer("42L").build());
    builder.addField(FieldSpec.builder(NetworkClassGenerator.IUPDATER, "updater", Modifier.PRIVATE)
        .initializer("new $T(1e-3)", ADAM).build());
    builder.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    fields.forEach((p, field) -> builder.addMethod(MethodSpec.methodBuilder(field)
        .addJavadoc("Sets {@code $L: $L}; checked at build time with {@code $L} ($L).\n",
            JavadocText.escape(p.name()), p.type().specName(), JavadocText.escape(ParameterCodegen.specText(p)),
            JavadocText.escape(where.apply(p.location())))
        .addModifiers(Modifier.PUBLIC)
        .returns(builderName)
        .addParameter(ParameterCodegen.javaType(p), field)
        .addStatement(ParameterCodegen.assignment(p, field))
        .addStatement("return this")
        .build()));
    builder.addMethod(MethodSpec.methodBuilder("seed")
        .addJavadoc("The random seed of weight initialisation and dropout; 42 unless set.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(builderName)
        .addParameter(TypeName.LONG, "seed")
        .addStatement("this.seed = seed")
        .addStatement("return this")
        .build());
    builder.addMethod(MethodSpec.methodBuilder("updater")
        .addJavadoc("The optimiser; {@code new Adam(1e-3)} unless set.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(builderName)
        .addParameter(NetworkClassGenerator.IUPDATER, "updater")
        .addStatement("this.updater = $T.requireNonNull(updater, $S)", Objects.class, "updater")
        .addStatement("return this")
        .build());
    builder.addMethod(configuration(fields));
    if (interpretable) {
      builder.addMethod(MethodSpec.methodBuilder("model")
          .addJavadoc("The checked model of these parameter values (shapes, counts, heads): the embedded\n"
              + "spec compiled again, as {@code cnn train spec.cnn} does.\n\n"
              + "@throws $T when the values make the spec invalid\n",
              ClassName.get("dev.cnnspec.runtime.dl4j", "InvalidSpecException"))
          .addModifiers(Modifier.PUBLIC)
          .returns(NETWORK_MODEL)
          .addStatement("return $T.model(SOURCES, NAME, $L)", SPEC_INTERPRETER,
              fields.isEmpty() ? CodeBlock.of("$T.of()", Map.class) : CodeBlock.of("overrides()"))
          .build());
    }
    builder.addMethod(MethodSpec.methodBuilder("build")
        .addJavadoc("A new, initialised graph of {@link #configuration()}, tuned for the fastest\n"
            + "execution path this machine has (see {@code dev.cnnspec.runtime.exec.FastPath}).\n\n"
            + "@throws $T before any allocation when its weights cannot fit in memory\n",
            ClassName.get("dev.cnnspec.runtime.dl4j", "NetworkTooLargeException"))
        .addModifiers(Modifier.PUBLIC)
        .returns(COMPUTATION_GRAPH)
        .addStatement("$T conf = configuration()", NetworkClassGenerator.COMPUTATION_GRAPH_CONFIGURATION)
        .addStatement("$T.check(conf, 1, NAME)", MEMORY_BUDGET)
        .addStatement("$T graph = new $T(conf)", COMPUTATION_GRAPH, COMPUTATION_GRAPH)
        .addStatement("graph.init()")
        .addStatement("return $T.optimise(graph)", FAST_PATH)
        .build());
    if (!fields.isEmpty()) {
      builder.addMethod(overrides(fields));
    }
    return builder.build();
  }

  private MethodSpec configuration(Map<NetworkParameter, String> fields) {
    MethodSpec.Builder method = MethodSpec.methodBuilder("configuration")
        .addModifiers(Modifier.PUBLIC)
        .returns(NetworkClassGenerator.COMPUTATION_GRAPH_CONFIGURATION);
    if (fields.isEmpty() || !interpretable) {
      return method
          .addJavadoc("The DL4J configuration, as checked at build time.\n")
          .addStatement("return checkedConfiguration(seed, updater)")
          .build();
    }
    return method
        .addJavadoc("The DL4J configuration. With every parameter at its checked value this is the\n"
            + "generated code; otherwise the embedded spec is re-checked with the new values.\n\n"
            + "@throws $T when the new values make the spec invalid; the message\n"
            + "    quotes the spec like the compiler does\n",
            ClassName.get("dev.cnnspec.runtime.dl4j", "InvalidSpecException"))
        .addStatement("$T overrides = overrides()", ParameterizedTypeName.get(Map.class, String.class, String.class))
        .beginControlFlow("if (overrides.isEmpty())")
        .addStatement("return checkedConfiguration(seed, updater)")
        .endControlFlow()
        .addStatement("return $T.configuration(SOURCES, NAME, overrides, seed, updater)",
            SPEC_INTERPRETER)
        .build();
  }

  private static MethodSpec overrides(Map<NetworkParameter, String> fields) {
    MethodSpec.Builder method = MethodSpec.methodBuilder("overrides")
        .addJavadoc("The parameters that differ from their checked values, as spec text.\n")
        .addModifiers(Modifier.PRIVATE)
        .returns(ParameterizedTypeName.get(Map.class, String.class, String.class))
        .addStatement("$T<String, String> overrides = new $T<>()", Map.class, LinkedHashMap.class);
    fields.forEach((p, field) -> method
        .beginControlFlow("if ($L)", ParameterCodegen.differs(p, field))
        .addStatement("overrides.put($S, $L)", p.name(), ParameterCodegen.overrideText(p, field))
        .endControlFlow());
    return method.addStatement("return overrides").build();
  }
}
