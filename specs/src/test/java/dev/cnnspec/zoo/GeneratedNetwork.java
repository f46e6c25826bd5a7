package dev.cnnspec.zoo;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The generated class of a zoo network ({@code dev.cnnspec.zoo.<network name>}): constants
 * {@code TOTAL_PARAMETERS} and {@code TRAINABLE_PARAMETERS}, and {@code builder()} with
 * {@code configuration()} and {@code build()}. Reached by reflection so that the zoo's tests
 * compile even when generation is skipped ({@code -Dcnnspec.skip}), and so that a missing member
 * is one clear assertion failure instead of a compile error hiding every other test.
 */
final class GeneratedNetwork {
  private final Class<?> type;

  private GeneratedNetwork(Class<?> type) {
    this.type = type;
  }

  static GeneratedNetwork of(String network) {
    try {
      return new GeneratedNetwork(Class.forName("dev.cnnspec.zoo." + network));
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no generated class dev.cnnspec.zoo." + network
          + ": did cnn-spec-maven-plugin run in generate-sources?", e);
    }
  }

  /** The generated class {@code qualifiedName}, whatever network it was generated from. */
  static GeneratedNetwork ofClass(String qualifiedName) {
    try {
      return new GeneratedNetwork(Class.forName(qualifiedName));
    } catch (ClassNotFoundException e) {
      throw new AssertionError("generated source " + qualifiedName + " was not compiled", e);
    }
  }

  Class<?> type() {
    return type;
  }

  /** The network's name in its spec ({@code NAME}), which may differ from the class's. */
  String networkName() {
    return (String) constantObject("NAME");
  }

  /** A shape constant ({@code PROBS_SHAPE}, {@code INPUT_SHAPE}): height, width, channels or units. */
  @SuppressWarnings("unchecked")
  List<Integer> shapeConstant(String name) {
    return (List<Integer>) constantObject(name);
  }

  @SuppressWarnings("unchecked")
  List<String> namesConstant(String name) {
    return (List<String>) constantObject(name);
  }

  long parametersConstant() {
    return constant("TOTAL_PARAMETERS");
  }

  long trainableParametersConstant() {
    return constant("TRAINABLE_PARAMETERS");
  }

  /** The configuration at the checked parameter values. */
  ComputationGraphConfiguration configuration() {
    return (ComputationGraphConfiguration) onBuilder("configuration");
  }

  /** A new, initialised graph at the checked parameter values. */
  ComputationGraph build() {
    return (ComputationGraph) onBuilder("build");
  }

  /** Parameters of a configuration, counted by DL4J's initialisers without allocating them. */
  static long countWithoutAllocating(ComputationGraphConfiguration conf) {
    long n = 0;
    for (GraphVertex v : conf.getVertices().values()) {
      if (v instanceof LayerVertex lv) {
        n += lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf());
      }
    }
    return n;
  }

  private long constant(String name) {
    try {
      return type.getField(name).getLong(null);
    } catch (ReflectiveOperationException e) {
      throw missing("constant " + name);
    }
  }

  private Object constantObject(String name) {
    try {
      return type.getField(name).get(null);
    } catch (ReflectiveOperationException e) {
      throw missing("constant " + name);
    }
  }

  private Object onBuilder(String method) {
    Object builder;
    Method m;
    try {
      builder = type.getMethod("builder").invoke(null);
      m = builder.getClass().getMethod(method);
    } catch (ReflectiveOperationException e) {
      throw missing("builder()." + method + "()");
    }
    try {
      return m.invoke(builder);
    } catch (InvocationTargetException e) {
      throw new AssertionError(type.getSimpleName() + ".builder()." + method + "() failed: " + e.getCause(),
          e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private AssertionError missing(String what) {
    String members = Arrays.stream(type.getMethods()).filter(m -> m.getDeclaringClass() == type)
        .map(m -> m.getName() + "(" + m.getParameterCount() + ")").collect(Collectors.joining(", "));
    return new AssertionError(type.getName() + " has no " + what + "; its public methods: " + members);
  }
}
