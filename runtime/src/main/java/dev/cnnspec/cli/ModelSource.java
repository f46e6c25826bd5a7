package dev.cnnspec.cli;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Shape;
import dev.cnnspec.runtime.dl4j.Dl4jGraphFactory;
import dev.cnnspec.runtime.dl4j.InvalidSpecException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Resolves the model argument of {@code cnn train}: a {@code .cnn} file, compiled now through the
 * DL4J interpreter back end, or a network name such as {@code LeNet5}, which is the generated
 * class {@code dev.cnnspec.zoo.LeNet5} (any qualified class name works too). When the class is not
 * on the class path (the zoo not built), a network of that name in the configured spec roots is
 * interpreted instead, so the command works from sources alone.
 */
final class ModelSource {
  static final String ZOO_PACKAGE = "dev.cnnspec.zoo";

  private ModelSource() {}

  /**
   * A model ready to train: its DL4J configuration, and the inputs and heads of its checked model
   * (never read back from DL4J layers, whose {@code nOut} is 0 for a loss layer).
   */
  record Resolved(String name, String origin, ComputationGraphConfiguration configuration, List<Port> inputs,
      List<Port> heads, Optional<NetworkModel> model) {

    static Resolved of(String origin, ComputationGraphConfiguration configuration, NetworkModel model) {
      return new Resolved(model.name(), origin, configuration,
          model.inputs().stream().map(i -> new Port(i.name(), i.shape())).toList(),
          model.outputs().stream().map(o -> new Port(o.name(), o.shape())).toList(), Optional.of(model));
    }

    /** The only input; {@code cnn train} refuses networks with several before it gets here. */
    Shape input() {
      return inputs.get(0).shape();
    }
  }

  /** A network input or output head: its name in the spec and its shape per example. */
  record Port(String name, Shape shape) {
    @Override
    public String toString() {
      return name + " " + shape.dims();
    }
  }

  static Shape shape(List<Integer> dims) {
    return dims.size() == 3 ? Shape.spatial(dims.get(0), dims.get(1), dims.get(2)) : Shape.flat(dims.get(0));
  }

  static Resolved resolve(String argument, String network, Map<String, String> overrides, long seed) {
    Path path = Path.of(argument);
    if (argument.endsWith(".cnn") || Files.isRegularFile(path)) {
      if (!Files.isRegularFile(path)) {
        throw new UserError("no spec file " + argument);
      }
      return fromSpec(List.of(path), SpecRoots.forFiles(List.of(path)), argument, network, overrides, seed);
    }
    String className = argument.contains(".") ? argument : ZOO_PACKAGE + "." + argument;
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      return fromSpecRoots(argument, className, overrides, seed);
    }
    if (network != null) {
      throw new UserError("--network selects a network in a .cnn file; " + argument + " is a class");
    }
    return fromClass(type, overrides, seed);
  }

  private static Resolved fromSpec(List<Path> files, List<Path> roots, String origin, String network,
      Map<String, String> overrides, long seed) {
    Compilation c = new CnnCompiler(roots, overrides).compileFiles(files);
    if (!c.succeeded()) {
      throw new InvalidSpecException(c.renderDiagnostics());
    }
    List<NetworkModel> models = c.networks();
    NetworkModel model;
    if (network != null) {
      model = models.stream().filter(m -> m.name().equals(network)).findFirst().orElseThrow(() -> new UserError(
          "no network " + network + " in " + origin + "; it has " + names(models)));
    } else if (models.size() == 1) {
      model = models.get(0);
    } else if (models.isEmpty()) {
      throw new UserError(origin + " defines no network");
    } else {
      throw new UserError(origin + " defines several networks (" + names(models) + "); choose one with --network");
    }
    return Resolved.of(origin, Dl4jGraphFactory.configuration(model, seed, new Adam(1e-3)), model);
  }

  private static Resolved fromSpecRoots(String name, String className, Map<String, String> overrides, long seed) {
    List<Path> roots = SpecRoots.configured();
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".cnn")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    if (!files.isEmpty()) {
      Compilation c = new CnnCompiler(roots, overrides).compileFiles(files);
      if (c.networks().stream().anyMatch(m -> m.name().equals(name))) {
        return fromSpec(files, roots, "interpreted from " + roots.get(0), name, overrides, seed);
      }
    }
    throw new UserError("no model " + name + ": there is no class " + className + " on the class path"
        + (roots.isEmpty() ? "" : " and no network " + name + " in " + roots)
        + "; give a .cnn file or the name of a zoo network (e.g. LeNet5)");
  }

  /**
   * Generated classes: {@code builder()}, one setter per network parameter, {@code seed(long)},
   * {@code configuration()} and, for a class generated from a spec, {@code model()}: the spec
   * re-checked with the values set, so that {@code --set height=32} changes the input the data is
   * fitted to exactly as on the spec file. A class without {@code model()} (from an annotated
   * interface) describes itself with its checked constants and takes no {@code --set}.
   */
  private static Resolved fromClass(Class<?> type, Map<String, String> overrides, long seed) {
    try {
      Object builder = type.getMethod("builder").invoke(null);
      for (var e : overrides.entrySet()) {
        Method setter = Stream.of(builder.getClass().getMethods())
            .filter(m -> m.getName().equals(e.getKey()) && m.getParameterCount() == 1).findFirst()
            .orElseThrow(() -> new UserError("--set " + e.getKey() + ": " + type.getSimpleName()
                + " has no parameter " + e.getKey()));
        setter.invoke(builder, convert(e.getKey(), e.getValue(), setter.getParameterTypes()[0]));
      }
      builder.getClass().getMethod("seed", long.class).invoke(builder, seed);
      var conf = (ComputationGraphConfiguration) builder.getClass().getMethod("configuration").invoke(builder);
      Optional<Method> model = Stream.of(builder.getClass().getMethods())
          .filter(m -> m.getName().equals("model") && m.getParameterCount() == 0
              && m.getReturnType() == NetworkModel.class).findFirst();
      if (model.isPresent()) {
        return Resolved.of(type.getName(), conf, (NetworkModel) model.get().invoke(builder));
      }
      if (!overrides.isEmpty()) {
        throw new UserError("--set: " + type.getName() + " cannot re-check its shapes with new values (it has no"
            + " model()); train its .cnn spec instead");
      }
      return fromConstants(type, conf);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new UserError(type.getName() + " is not a generated model class (" + e.getMessage() + ")");
    }
  }

  /**
   * A class that cannot re-check itself: its constants are the checked model's, for its only values
   * ({@code INPUT_NAMES}, {@code OUTPUT_NAMES}, and one {@code <NAME>_SHAPE} per input and output).
   */
  private static Resolved fromConstants(Class<?> type, ComputationGraphConfiguration conf)
      throws ReflectiveOperationException {
    return new Resolved(type.getSimpleName(), type.getName(), conf, ports(type, "INPUT_NAMES", "INPUT_SHAPE"),
        ports(type, "OUTPUT_NAMES", "OUTPUT_SHAPE"), Optional.empty());
  }

  @SuppressWarnings("unchecked")
  private static List<Port> ports(Class<?> type, String namesField, String onlyShapeField)
      throws ReflectiveOperationException {
    List<String> names = hasField(type, namesField) ? (List<String>) type.getField(namesField).get(null) : List.of();
    if (names.isEmpty()) {
      return hasField(type, onlyShapeField)
          ? List.of(new Port(onlyShapeField, shape((List<Integer>) type.getField(onlyShapeField).get(null))))
          : List.of();
    }
    List<Port> ports = new ArrayList<>();
    for (String name : names) {
      String field = names.size() == 1 ? onlyShapeField : name.toUpperCase(java.util.Locale.ROOT) + "_SHAPE";
      if (!hasField(type, field)) {
        throw new UserError(type.getName() + " does not describe the shape of " + name + " (no constant " + field
            + "); train its .cnn spec instead");
      }
      ports.add(new Port(name, shape((List<Integer>) type.getField(field).get(null))));
    }
    return List.copyOf(ports);
  }

  private static boolean hasField(Class<?> type, String name) {
    return Stream.of(type.getFields()).anyMatch(f -> f.getName().equals(name));
  }

  private static Object convert(String name, String value, Class<?> type) {
    try {
      if (type == int.class || type == Integer.class) {
        return Integer.parseInt(value);
      }
      if (type == double.class || type == Double.class) {
        return Double.parseDouble(value);
      }
      if (type == boolean.class || type == Boolean.class) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.parseBoolean(value);
      }
      if (type.isEnum()) {
        for (Object c : type.getEnumConstants()) {
          if (((Enum<?>) c).name().equalsIgnoreCase(value)) {
            return c;
          }
        }
        throw new NumberFormatException();
      }
      if (List.class.isAssignableFrom(type)) {
        String inner = value.replaceAll("^\\[|\\]$", "");
        return inner.isBlank() ? List.of()
            : Stream.of(inner.split(",")).map(String::trim).map(Integer::parseInt).toList();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UserError("--set " + name + "=" + value + ": not a valid " + type.getSimpleName());
    }
  }

  private static String names(List<NetworkModel> models) {
    return String.join(", ", models.stream().map(NetworkModel::name).toList());
  }
}
