package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.lang.Signature.Parameter;
import dev.cnnspec.lang.Value.BoolV;
import dev.cnnspec.lang.Value.FloatV;
import dev.cnnspec.lang.Value.IntV;
import dev.cnnspec.lang.Value.ListV;
import dev.cnnspec.lang.Value.Sym;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java front end's annotations state their defaults in Java annotation syntax, which cannot
 * read {@link BuiltinLayers}; this test proves the two equal, element by element: the same
 * parameters, the same required ones, the same default values. A default changed on one side only
 * fails here, not as two front ends that quietly build different networks.
 */
class AnnotationDefaultsTest {

  /** Annotation → the language layer it declares. */
  private static final Map<String, String> LAYER_OF = Map.ofEntries(
      Map.entry("Conv", "conv"), Map.entry("MaxPool", "maxpool"), Map.entry("AvgPool", "avgpool"),
      Map.entry("GlobalAvgPool", "globalavgpool"), Map.entry("GlobalMaxPool", "globalmaxpool"),
      Map.entry("ZeroPad", "zeropad"), Map.entry("Dense", "dense"), Map.entry("Dropout", "dropout"),
      Map.entry("BatchNorm", "batchnorm"), Map.entry("Flatten", "flatten"), Map.entry("Activate", "activation"),
      Map.entry("Mfm", "mfm"), Map.entry("Add", "add"), Map.entry("Concat", "concat"),
      Map.entry("DepthwiseConv", "depthwise_conv"), Map.entry("SeparableConv", "separable_conv"),
      Map.entry("PRelu", "prelu"), Map.entry("Upsample", "upsample"), Map.entry("ConvTranspose", "conv_transpose"),
      Map.entry("Multiply", "multiply"), Map.entry("ChannelShuffle", "channel_shuffle"),
      Map.entry("ChannelSplit", "channel_split"));

  /** Annotation elements spelled differently from the language's parameter ({@code value}). */
  private static final Map<String, String> RENAMED = Map.of(
      "MaxPool.value", "pool", "AvgPool.value", "pool", "ZeroPad.value", "padding",
      "Dropout.value", "rate", "Activate.value", "fn", "Upsample.value", "size", "ChannelShuffle.value", "groups");

  /**
   * The language's {@code padding} is one argument of several forms ({@code same}, {@code 1},
   * {@code [1, 2]}); an annotation needs an enum element and an int[] element for it. The default
   * of {@code pad} (no zeros) is the default {@code valid}'s.
   */
  private static final Map<String, String> SECOND_FORM = Map.of("Conv.pad", "[0]", "MaxPool.pad", "[0]",
      "AvgPool.pad", "[0]", "DepthwiseConv.pad", "[0]", "SeparableConv.pad", "[0]", "ConvTranspose.pad", "[0]");

  /** Not layers: inputs, heads and the rank marker types. */
  private static final List<String> NOT_LAYERS = List.of("Input", "Output", "Network", "Tensor", "Spatial", "Flat",
      "package-info");

  @Test
  void everyLayerAnnotationIsCompared() throws IOException {
    Path dir = Path.of("src/main/java/dev/cnnspec/annotations");
    try (Stream<Path> files = Files.list(dir)) {
      TreeSet<String> annotations = files.map(f -> f.getFileName().toString().replace(".java", ""))
          .filter(n -> !NOT_LAYERS.contains(n)).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(LAYER_OF.keySet()), annotations);
    }
  }

  @Test
  void defaultsAreTheLanguages() throws ClassNotFoundException {
    for (Map.Entry<String, String> e : LAYER_OF.entrySet()) {
      Class<?> annotation = Class.forName("dev.cnnspec.annotations." + e.getKey());
      assertTrue(Annotation.class.isAssignableFrom(annotation));
      Signature signature = BuiltinLayers.find(e.getValue()).orElseThrow().signature();
      List<String> tensorParameters = signature.parameters().stream()
          .filter(p -> p.type() == ValueType.TENSORS).map(Parameter::name).toList();
      TreeSet<String> languageNames = signature.parameters().stream().map(Parameter::name)
          .filter(n -> !tensorParameters.contains(n)).collect(Collectors.toCollection(TreeSet::new));
      TreeSet<String> annotationNames = new TreeSet<>();
      for (Method element : annotation.getDeclaredMethods()) {
        String key = e.getKey() + "." + element.getName();
        if (SECOND_FORM.containsKey(key)) {
          assertEquals(SECOND_FORM.get(key), annotation(element.getDefaultValue()), key);
          continue;
        }
        String name = RENAMED.getOrDefault(key, snakeCase(element.getName()));
        annotationNames.add(name);
        Parameter parameter = signature.parameter(name).orElseThrow();
        String where = "@" + e.getKey() + "." + element.getName() + " vs " + e.getValue() + "(" + name + ")";
        assertEquals(language(parameter), annotation(element.getDefaultValue()), where);
      }
      assertEquals(languageNames, annotationNames, "@" + e.getKey() + " and " + e.getValue() + " differ in parameters");
    }
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** A default as comparable text: "required", "optional", or the value. */
  private static String language(Parameter p) {
    if (p.optional()) {
      return "optional";
    }
    return p.defaultValue().map(AnnotationDefaultsTest::text).orElse("required");
  }

  private static String text(Value v) {
    if (v instanceof IntV i) {
      return "[" + i.value() + "]";
    } else if (v instanceof ListV l) {
      return l.items().toString();
    } else if (v instanceof FloatV f) {
      return Double.toString(f.value());
    } else if (v instanceof BoolV b) {
      return Boolean.toString(b.value());
    } else if (v instanceof Sym s) {
      return s.name();
    }
    throw new AssertionError("unexpected default " + v);
  }

  private static String annotation(Object value) {
    if (value == null) {
      return "required";
    } else if (value instanceof int[] ints) {
      return ints.length == 0 ? "optional" : Arrays.toString(ints);
    } else if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    } else if (value instanceof Integer i) {
      return "[" + i + "]";
    }
    return Optional.of(value).map(Object::toString).orElseThrow();
  }
}
