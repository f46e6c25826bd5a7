package dev.cnnspec.differential;

import dev.cnnspec.model.Shape;
import java.util.Set;

/**
 * Uses of presets ({@code layer c3 = conv(kernel: 3, …)}): positional arguments filling the free
 * parameters, named ones overriding fixed ones, and a preset of a preset.
 */
final class Presets {
  private static final String C3 = "layer c3 = conv(kernel: 3, padding: same, activation: relu)";
  private static final String C3T = "layer c3t = c3(activation: tanh)";
  private static final String C1 = "layer c1 = conv(kernel: 1)";
  private static final String P2 = "layer p2 = maxpool(2, stride: 2)";

  private Presets() {}

  static Step use(Choices ch, Vocabulary vocabulary, Set<String> features, Shape.Spatial in) {
    features.add("preset");
    int filters = ch.oneOf(Vocabulary.FILTERS, 2, 6);
    switch (ch.below(5)) {
      case 1:
        vocabulary.declare("c3", C3);
        int stride = ch.oneOf(2, 3);
        return new Step("c3(" + filters + ", " + stride + ")",
            s -> LayerGenerator.window(s, 3, 3, stride, 1, true, filters));
      case 2:
        vocabulary.declare("c3", C3);
        vocabulary.declare("c3t", C3T);
        features.add("preset of a preset");
        return new Step("c3t(" + filters + ")", s -> LayerGenerator.window(s, 3, 3, 1, 1, true, filters));
      case 3:
        vocabulary.declare("c1", C1);
        return new Step("c1(" + filters + (ch.maybe(50) ? ", activation: sigmoid" : "") + ")",
            s -> LayerGenerator.window(s, 1, 1, 1, 1, false, filters));
      case 4:
        vocabulary.declare("p2", P2);
        return new Step("p2", s -> s instanceof Shape.Spatial sp
            ? LayerGenerator.window(s, 2, 2, 2, 1, false, sp.channels()) : null);
      default:
        vocabulary.declare("c3", C3);
        return new Step("c3(" + vocabulary.intExpr(filters) + ")",
            s -> LayerGenerator.window(s, 3, 3, 1, 1, true, filters));
    }
  }
}
