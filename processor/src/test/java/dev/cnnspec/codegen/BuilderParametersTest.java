package dev.cnnspec.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.ClassName;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.NetworkParameter;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.ParameterType;
import dev.cnnspec.testing.MiniChecker;
import dev.cnnspec.testing.Networks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every parameter type gets a typed setter, a change test and spec-syntax override text, and
 * parameter names that clash with Java keywords or the builder's own members are renamed, all
 * in code that compiles without a warning.
 */
class BuilderParametersTest {
  private static NetworkParameter p(String name, ParameterType type, Object value) {
    return new NetworkParameter(name, type, Optional.of(value), value, Location.of("x.cnn", 1, 1));
  }

  private static String generate() {
    NetworkGraph lenet = Networks.lenet5Graph("x.cnn", 10);
    List<NetworkParameter> parameters = new ArrayList<>(lenet.parameters());
    parameters.add(p("rate", ParameterType.FLOAT, 0.001));
    parameters.add(p("gap", ParameterType.BOOL, false));
    parameters.add(p("blocks", ParameterType.INT_LIST, List.of(3, 4, 6, 3)));
    parameters.add(p("act", ParameterType.ACTIVATION, Activation.LEAKY_RELU));
    parameters.add(p("pad", ParameterType.PADDING, Padding.SAME));
    parameters.add(p("loss", ParameterType.LOSS, Loss.MSE));
    parameters.add(p("seed", ParameterType.INT, 1));
    parameters.add(p("class", ParameterType.INT, 2));
    NetworkGraph graph = new NetworkGraph(lenet.name(), lenet.location(), parameters, lenet.inputs(),
        lenet.layers(), lenet.outputs());
    NetworkModel model = new MiniChecker().check(graph, new Diagnostics()).orElseThrow();
    TreeMap<String, String> sources = new TreeMap<>();
    sources.put("x.cnn", Networks.LENET_TEXT);
    return GeneratedFiles.file("p", new NetworkClassGenerator().generate(model, ClassName.get("p", "Net"), "x.cnn",
        sources), "x.cnn", List.of()).toString();
  }

  @Test
  void everyParameterTypeHasATypedSetterAndSpecSyntaxOverride() {
    String source = generate();
    for (String expected : List.of(
        "private double rate = 0.001;",
        "if (Double.compare(rate, 0.001) != 0)",
        "overrides.put(\"rate\", BigDecimal.valueOf(rate).toPlainString());",
        "private boolean gap = false;",
        "overrides.put(\"gap\", Boolean.toString(gap));",
        "private List<Integer> blocks = List.of(3, 4, 6, 3);",
        "if (!blocks.equals(List.of(3, 4, 6, 3)))",
        "this.blocks = List.copyOf(blocks);",
        // DL4J's own Activation is imported by the configuration code, so ours is qualified
        "private dev.cnnspec.model.Activation act = dev.cnnspec.model.Activation.LEAKY_RELU;",
        "overrides.put(\"act\", act.specName());",
        "private Padding pad = Padding.SAME;",
        "private Loss loss = Loss.MSE;",
        // renamed: the builder's own seed(long) and a Java keyword
        "public Builder seed_(int seed_)",
        "overrides.put(\"seed\", Integer.toString(seed_));",
        "public Builder class_(int class_)",
        "overrides.put(\"class\", Integer.toString(class_));")) {
      assertTrue(source.contains(expected), expected + "\n" + source);
    }
  }

  @Test
  void compilesWithoutWarnings() {
    Compilation compilation = Compiler.javac().withOptions("-Xlint:all", "-Werror")
        .compile(JavaFileObjects.forSourceString("p.Net", generate()));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
