package dev.cnnspec.zoo;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The generated class of a zoo network ({@code dev.cnnspec.zoo.<network name>}), reached by
 * reflection so that the zoo tests compile before the generator has landed and so that this is
 * the one place to adapt if the generated API's names change. It expects, by type rather than by
 * name: static {@code long} constants for the total and trainable parameter counts (the trainable
 * one has TRAINABLE in its name), a static no-argument method returning the
 * {@link ComputationGraphConfiguration}, and one returning an initialised {@link ComputationGraph}
 * (directly, or through a static {@code builder()} whose {@code build()} returns it).
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

  long parametersConstant() {
    return longConstant(false);
  }

  long trainableParametersConstant() {
    return longConstant(true);
  }

  ComputationGraphConfiguration configuration() {
    return (ComputationGraphConfiguration) invokeStatic(ComputationGraphConfiguration.class)
        .orElseThrow(() -> missing("a static method returning ComputationGraphConfiguration"));
  }

  ComputationGraph build() {
    Optional<Object> direct = invokeStatic(ComputationGraph.class);
    if (direct.isPresent()) {
      return (ComputationGraph) direct.get();
    }
    try {
      Object builder = type.getMethod("builder").invoke(null);
      return (ComputationGraph) builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw missing("a static method returning ComputationGraph, or builder().build()");
    }
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

  private long longConstant(boolean trainable) {
    for (Field f : type.getFields()) {
      String name = f.getName().toUpperCase(Locale.ROOT);
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class && name.contains("PARAM")
          && name.contains("TRAINABLE") == trainable) {
        try {
          return f.getLong(null);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw missing("a static long constant for the " + (trainable ? "trainable" : "total") + " parameter count");
  }

  private Optional<Object> invokeStatic(Class<?> returning) {
    for (Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
          && returning.isAssignableFrom(m.getReturnType())) {
        try {
          return Optional.of(m.invoke(null));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new AssertionError(type.getName() + "." + m.getName() + "() failed", e);
        }
      }
    }
    return Optional.empty();
  }

  private AssertionError missing(String what) {
    String members = Arrays.stream(type.getMethods()).filter(m -> m.getDeclaringClass() == type)
        .map(m -> m.getName() + "(" + m.getParameterCount() + ")").collect(Collectors.joining(", "));
    return new AssertionError(type.getName() + " has no " + what + "; its methods: " + members);
  }
}
