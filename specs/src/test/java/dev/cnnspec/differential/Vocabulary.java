package dev.cnnspec.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one generated file declares besides its network: network parameters with their defaults,
 * {@code let}s, presets and blocks, each declared the first time a layer uses it. Values are
 * written either as literals or through these names and small expressions, so that the same
 * network exercises the expression evaluator, parameter defaults and declarations.
 */
final class Vocabulary {
  static final int FILTERS = 4;
  static final String ACTIVATION = "relu";
  static final boolean ON = true;

  private final Choices choices;
  private final Map<String, Integer> lets = new LinkedHashMap<>();
  private final Map<String, String> declarations = new LinkedHashMap<>();
  private final Set<String> params = new TreeSet<>();
  private final Set<String> features;

  Vocabulary(Choices choices, Set<String> features) {
    this.choices = choices;
    this.features = features;
  }

  /** An int as spec text: a literal, a parameter, a let, or an expression of them. */
  String intExpr(int value) {
    switch (choices.below(12)) {
      case 7:
        if (value == FILTERS) {
          params.add("f");
          features.add("parameter");
          return "f";
        }
        break;
      case 8:
        String let = "k" + value;
        lets.put(let, value);
        features.add("let");
        return let;
      case 9:
        features.add("expression");
        return value % 2 == 0 && value > 0 ? "2 * " + value / 2 : "(" + (value + 3) + " - 3)";
      case 10:
        features.add("expression");
        return "max(" + value + ", " + Math.min(value, 1) + ")";
      case 11:
        features.add("expression");
        return value == 4 ? "2 ^ 2" : value == 1 ? "len([7])" : "(true ? " + value + " : 0)";
      default:
        break;
    }
    return Integer.toString(value);
  }

  /** An activation name, sometimes through the network parameter {@code act}. */
  String activation(String name) {
    if (name.equals(ACTIVATION) && choices.maybe(20)) {
      params.add("act");
      features.add("parameter");
      return "act";
    }
    return name;
  }

  /** A condition that evaluates to {@code holds}. */
  String condition(boolean holds) {
    features.add("condition");
    switch (choices.below(4)) {
      case 1:
        params.add("on");
        features.add("parameter");
        return holds == ON ? "on" : "!on";
      case 2:
        params.add("f");
        return holds ? "f >= " + FILTERS : "f > " + (FILTERS + 1);
      case 3:
        return holds ? "1 + 1 == 2" : "3 % 2 == 0";
      default:
        return Boolean.toString(holds);
    }
  }

  /** Declares a preset or block once; {@code text} is its whole declaration. */
  void declare(String name, String text) {
    declarations.putIfAbsent(name, text);
  }

  /** The network's header parameters, each with a default (so the spec compiles without --set). */
  String parameterList() {
    List<String> out = new ArrayList<>();
    for (String p : params) {
      out.add(switch (p) {
        case "f" -> "f: int = " + FILTERS;
        case "act" -> "act: activation = " + ACTIVATION;
        case "on" -> "on: bool = " + ON;
        default -> throw new IllegalStateException(p);
      });
    }
    return String.join(", ", out);
  }

  List<String> lets() {
    return lets.entrySet().stream().map(e -> "let " + e.getKey() + " = " + e.getValue()).toList();
  }

  List<String> declarations() {
    return List.copyOf(declarations.values());
  }
}
