package dev.cnnspec.differential;

import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a choice list into the text of a spec with one network, in the style of Csmith: inputs
 * (one or two, image or flat, 1×1 up to 16×16), tensor definitions (chains, merges with
 * {@code add}/{@code concat} whose partner may be an inline chain, widths written as
 * {@code x.channels}, {@code if}/{@code else}, parenthesised terms, block calls as terms),
 * statements in any order, and one to three output heads over every activation × loss × weight the
 * {@link KnownIssues} list allows. The generator tracks its own guess of every tensor's shape only
 * to keep most cases valid; a few cases are made invalid on purpose (a layer that does not fit, a
 * misspelt name) so that the "rejected with located errors" side of the oracle is exercised too.
 */
final class SpecGenerator {
  static final List<String> ACTIVATIONS = List.of("softmax", "sigmoid", "identity", "relu", "tanh",
      "leaky_relu", "mfm");
  static final List<String> LOSSES = List.of("cross_entropy", "nll", "binary_cross_entropy", "mse", "mae");

  private final Choices ch;
  private final Set<String> features = new TreeSet<>();
  private final Vocabulary vocabulary;
  private final LayerGenerator layers;
  private final boolean invalid;
  private final Map<String, Shape> tensors = new LinkedHashMap<>();
  private final Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
  private final List<String> inputs = new ArrayList<>();
  private final List<String> inputNames = new ArrayList<>();
  private final List<String> definitions = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private final Set<String> headSources = new TreeSet<>();
  private int defined;

  private SpecGenerator(List<Integer> choices) {
    this.ch = new Choices(choices);
    this.invalid = ch.maybe(6);
    this.vocabulary = new Vocabulary(ch, features);
    this.layers = new LayerGenerator(ch, vocabulary, features, invalid);
  }

  static GeneratedSpec generate(int index, List<Integer> choices) {
    return new SpecGenerator(choices).spec(index, choices);
  }

  private GeneratedSpec spec(int index, List<Integer> choices) {
    String network = "N" + index;
    int inputCount = ch.maybe(20) ? 2 : 1;
    for (int i = 0; i < inputCount; i++) {
      input(i == 0 ? "image" : "extra");
    }
    if (inputCount > 1) {
      features.add("several inputs");
    }
    for (String in : List.copyOf(inputNames)) {
      define(in);
    }
    int more = ch.below(4);
    for (int i = 0; i < more; i++) {
      define(null);
    }
    heads();
    if (ch.maybe(10)) {
      features.add("statements out of order");
      java.util.Collections.reverse(definitions);
    }
    String text = render(network);
    if (invalid && ch.maybe(40)) {
      text = Typos.apply(ch, text);
      features.add("typo");
    }
    if (invalid) {
      features.add("meant invalid");
    }
    return new GeneratedSpec(network, "diff/c" + index + "/n.cnn", text, Set.copyOf(features), invalid,
        List.copyOf(choices));
  }

  private void input(String name) {
    Shape shape;
    if (ch.maybe(15)) {
      shape = Shape.flat(ch.oneOf(4, 1, 2, 3, 7, 12));
      features.add("flat input");
    } else {
      int h = ch.oneOf(8, 4, 1, 2, 3, 5, 6, 7, 9, 12, 16);
      int w = ch.maybe(25) ? ch.oneOf(8, 1, 2, 3, 5, 7, 16) : h;
      shape = Shape.spatial(h, w, ch.oneOf(1, 2, 3, 4));
      features.add(h == 1 || w == 1 ? "1-pixel input" : "image input");
    }
    inputs.add("input " + name + ": " + shape.dims());
    inputNames.add(name);
    tensors.put(name, shape);
    dependsOn.put(name, Set.of(name));
  }

  /** Defines a new tensor from {@code from} (or a tensor of the generator's choice). */
  private void define(String from) {
    String name = nextName();
    String source = from != null ? from : pickTensor();
    Shape in = tensors.get(source);
    Set<String> deps = new TreeSet<>(dependsOn.get(source));
    switch (from != null ? 0 : ch.below(6)) {
      case 1, 2 -> {
        merge(name, source, pickTensor(), deps);
        return;
      }
      case 3 -> {
        ifElse(name, source, in, deps);
        return;
      }
      case 4 -> {
        features.add("parenthesised term");
        Step inner = layers.element(in, 0);
        Shape mid = inner.apply(in);
        Step rest = mid == null ? null : layers.chain(mid, ch.below(3));
        record(name, "(" + source + " -> " + inner + ")" + (rest == null ? "" : " -> " + rest),
            rest == null ? mid : rest.apply(mid), deps);
        return;
      }
      default -> {
        Step chain = layers.chain(in, ch.between(1, 4));
        record(name, source + " -> " + chain, chain.apply(in), deps);
      }
    }
  }

  private void merge(String name, String a, String b, Set<String> deps) {
    Shape sa = tensors.get(a);
    Shape sb = tensors.get(b);
    if (sa instanceof Shape.Spatial s && ch.maybe(20)) {
      // A per-channel gate, [1, 1, C] or [C], broadcast over height and width.
      String gate = nextName();
      String op = ch.oneOf("multiply", "multiply", "add");
      boolean keep = ch.maybe(50);
      String width = channels(a, s);
      String chain = keep
          ? a + " -> globalavgpool(keep: true) -> conv(" + width + ", 1, activation: sigmoid)"
          : a + " -> globalavgpool -> dense(" + width + ", activation: sigmoid)";
      record(gate, chain, keep ? Shape.spatial(1, 1, s.channels()) : Shape.flat(s.channels()), dependsOn.get(a));
      features.add(op + " gate " + (keep ? "[1, 1, C]" : "[C]"));
      b = gate;
      sb = sa;
      deps.addAll(dependsOn.get(b));
      Step rest = layers.chain(sa, ch.below(3));
      record(name, op + "(" + a + ", " + b + ")" + (rest == null ? "" : " -> " + rest),
          rest == null ? sa : rest.apply(sa), deps);
      return;
    }
    String partner = b;
    if (a.equals(b) || !(sa.equals(sb) || concatenable(sa, sb))) {
      // Make a partner of the same shape from a: a shape-preserving branch, named or inline.
      Step chain = sa instanceof Shape.Spatial s
          ? new Step("conv(" + channels(a, s) + ", 3, padding: same)", x -> x).then(Step.preserving("relu"))
          : Step.preserving(ch.oneOf("relu", "dropout(0.5)", "bn"));
      b = a;
      if (ch.maybe(40)) {
        features.add("inline chain");
        partner = ch.maybe(20) ? "(" + a + " -> " + chain + ")" : a + " -> " + chain;
      } else {
        partner = nextName();
        record(partner, a + " -> " + chain, sa, dependsOn.get(a));
        b = partner;
      }
      sb = sa;
    }
    deps.addAll(dependsOn.get(b));
    boolean add = sa.equals(sb) && ch.maybe(60);
    String op = add && ch.maybe(30) ? "multiply" : add ? "add" : "concat";
    features.add(op);
    Shape out = add ? sa : concat(sa, sb);
    String term = ch.maybe(30) ? a + " -> " + op + "(" + partner + ")" : op + "(" + a + ", " + partner + ")";
    Step rest = out == null ? null : layers.chain(out, ch.below(3));
    record(name, term + (rest == null ? "" : " -> " + rest), rest == null ? out : rest.apply(out), deps);
  }

  private void ifElse(String name, String source, Shape in, Set<String> deps) {
    features.add("if/else");
    boolean holds = ch.maybe(50);
    String condition = vocabulary.condition(holds);
    Step yes = layers.chain(in, ch.between(1, 3));
    Step no = layers.chain(in, ch.between(1, 3));
    Step taken = holds ? yes : no;
    put(name, taken.apply(in), deps);
    definitions.add("if " + condition + " {\n    " + name + " = " + source + " -> " + yes + "\n  } else {\n    "
        + name + " = " + source + " -> " + no + "\n  }");
  }

  private void record(String name, String chain, Shape shape, Set<String> deps) {
    definitions.add(name + " = " + chain);
    put(name, shape, deps);
  }

  /**
   * A tensor's shape as the generator believes it. A chain the generator thinks invalid (a case
   * meant to be rejected) has no shape; any placeholder will do, but never null: the branch of an
   * if/else once stored null, and a later merge reading it threw inside jqwik's run
   * ("Cannot invoke Object.equals because sa is null"), ending the whole run.
   */
  private void put(String name, Shape shape, Set<String> deps) {
    tensors.put(name, shape == null ? Shape.flat(1) : shape);
    dependsOn.put(name, deps);
  }

  private void heads() {
    int count = ch.oneOf(1, 1, 2, 3);
    for (int i = 1; i <= count; i++) {
      head("o" + i, i == 1 ? lastTensor() : pickTensor());
    }
    if (count > 1) {
      features.add("several outputs");
    }
    if (!KnownIssues.avoids(Construct.LOSS_NAME_COLLISION) && !KnownIssues.avoids(Construct.UNFUSED_HEAD)
        && ch.maybe(8)) {
      lossLikeName();
    }
    if (!KnownIssues.avoids(Construct.UNUSED_INPUT) && ch.maybe(10)) {
      return;
    }
    for (String input : inputNames) {
      if (headSources.stream().noneMatch(t -> dependsOn.get(t).contains(input))) {
        head("o" + (++count), lastFrom(input));
      }
    }
  }

  private void head(String name, String source) {
    headSources.add(source);
    Shape in = tensors.get(source);
    boolean unfusedAllowed = !KnownIssues.avoids(Construct.UNFUSED_HEAD);
    String[] pair = activationAndLoss(unfusedAllowed);
    String activation = pair[0];
    String loss = pair[1];
    StringBuilder chain = new StringBuilder(source);
    Shape shape = in;
    if (in instanceof Shape.Spatial && unfusedAllowed && ch.maybe(15)) {
      chain.append(" -> ").append(perPixel(activation));
    } else {
      if (in instanceof Shape.Spatial) {
        String reduce = ch.oneOf("globalavgpool", "flatten", "globalmaxpool");
        chain.append(" -> ").append(reduce);
        shape = reduce.equals("flatten") ? LayerGenerator.flatten(in) : Shape.flat(((Shape.Spatial) in).channels());
      }
      if (ch.maybe(30)) {
        Step hidden = layers.chain(shape, ch.between(1, 2));
        chain.append(" -> ").append(hidden);
      }
      int units = ch.oneOf(3, 2, 10, 1, 4);
      if (units == 1 && activation.equals("softmax") && KnownIssues.avoids(Construct.SOFTMAX_HEAD_OF_ONE_UNIT)) {
        units = 2;
      }
      chain.append(" -> ").append(layers.dense(units, activation.equals("identity") && ch.maybe(50) ? "" : activation));
      if (unfusedAllowed && ch.maybe(20)) {
        features.add("unfused head");
        chain.append(" -> ").append(ch.oneOf("softmax", "dropout(0.5)", "sigmoid"));
      }
    }
    features.add("head " + activation + " + " + loss);
    String weight = ch.oneOf("", "", " weight 0.5", " weight 2", " weight 0.3", " weight 1", " weight 0.25 * 2");
    if (!weight.isEmpty()) {
      features.add("weighted head");
    }
    String lossText = loss.equals("cross_entropy") && ch.maybe(50) ? "" : " loss " + loss;
    outputs.add("output " + name + " = " + chain + lossText + weight);
  }

  /**
   * The last layers of a per-pixel head ([H, W, C], a CnnLossLayer in DL4J): a 1×1 convolution with
   * the activation, the same with the activation as a layer of its own (a softmax then runs over the
   * channels of a spatial tensor outside any convolution), or U-Net's 2×2 up-convolution; one channel
   * now and then, which the checker refuses under a categorical loss (E0422).
   */
  private String perPixel(String activation) {
    int channels = ch.oneOf(3, 2, 2, 4, 1);
    String withActivation = activation.equals("identity") && ch.maybe(50) ? "" : ", activation: " + activation;
    return switch (ch.below(3)) {
      case 1 -> {
        features.add("per-pixel head, activation layer");
        yield "conv(" + channels + ", 1) -> " + (activation.equals("identity") ? "dropout(0.5)" : activation);
      }
      case 2 -> {
        features.add("per-pixel head, conv_transpose");
        yield "conv_transpose(" + channels + ", 2, stride: 2" + withActivation + ")";
      }
      default -> {
        features.add("per-pixel head");
        yield "conv(" + channels + ", 1" + withActivation + ")";
      }
    };
  }

  /**
   * A tensor named like the loss layer DL4J gets for an unfused head ({@code o1_loss} beside
   * {@code output o1 = … -> softmax}), read by a head of its own so that it is not left out.
   */
  private void lossLikeName() {
    String source = lastTensor();
    Shape in = tensors.get(source);
    features.add("name like a loss layer");
    String reduce = in instanceof Shape.Spatial ? " -> globalavgpool" : "";
    outputs.add("output c1 = " + source + reduce + " -> dense(2, activation: softmax) -> softmax");
    definitions.add("c1_loss = " + source + " -> relu");
    tensors.put("c1_loss", in);
    dependsOn.put("c1_loss", dependsOn.get(source));
    head("c2", "c1_loss");
  }

  private String[] activationAndLoss(boolean unfusedAllowed) {
    // Most heads get a pair that belongs together, so that most networks check; the rest get any
    // pair, for the checker's activation × loss rules to accept or reject with a location.
    if (!KnownIssues.avoids(Construct.MISMATCHED_ACTIVATION_LOSS) && ch.maybe(20)) {
      boolean mfm = unfusedAllowed && !KnownIssues.avoids(Construct.MFM_HEAD_ONNX);
      String activation = ch.oneOf(mfm ? ACTIVATIONS : ACTIVATIONS.subList(0, 6));
      return new String[] {activation, ch.oneOf(LOSSES)};
    }
    return switch (ch.below(6)) {
      case 1 -> new String[] {"softmax", "nll"};
      case 2 -> new String[] {"sigmoid", "binary_cross_entropy"};
      case 3, 4, 5 -> new String[] {ch.oneOf(ACTIVATIONS.subList(0, 6)), ch.oneOf("mse", "mae")};
      default -> new String[] {"softmax", "cross_entropy"};
    };
  }

  private String render(String network) {
    StringBuilder text = new StringBuilder("// generated by dev.cnnspec.differential.SpecGenerator\n");
    for (String declaration : vocabulary.declarations()) {
      text.append(declaration).append("\n");
    }
    text.append("\nnetwork ").append(network).append("(").append(vocabulary.parameterList()).append(") {\n");
    for (String line : inputs) {
      text.append("  ").append(line).append("\n");
    }
    for (String line : vocabulary.lets()) {
      text.append("  ").append(line).append("\n");
    }
    for (String line : definitions) {
      text.append("  ").append(line).append("\n");
    }
    for (String line : outputs) {
      text.append("  ").append(line).append("\n");
    }
    return text.append("}\n").toString();
  }

  private String nextName() {
    return "t" + (++defined);
  }

  /** Mostly one of the two newest tensors, so that chains grow deep rather than wide. */
  private String pickTensor() {
    List<String> names = new ArrayList<>(tensors.keySet());
    int back = ch.maybe(70) ? ch.below(Math.min(2, names.size())) : ch.below(names.size());
    return names.get(names.size() - 1 - back);
  }

  private String lastTensor() {
    List<String> names = new ArrayList<>(tensors.keySet());
    return names.get(names.size() - 1);
  }

  private String lastFrom(String input) {
    String last = input;
    for (Map.Entry<String, Set<String>> e : dependsOn.entrySet()) {
      if (e.getValue().contains(input)) {
        last = e.getKey();
      }
    }
    return last;
  }

  /** A's channel count as a literal, or (a third of the time) as {@code a.channels}. */
  private String channels(String a, Shape.Spatial s) {
    if (ch.maybe(33)) {
      features.add("shape property");
      return a + ".channels";
    }
    return String.valueOf(s.channels());
  }

  private static boolean concatenable(Shape a, Shape b) {
    return concat(a, b) != null;
  }

  private static Shape concat(Shape a, Shape b) {
    if (a instanceof Shape.Spatial x && b instanceof Shape.Spatial y) {
      return x.height() == y.height() && x.width() == y.width()
          ? Shape.spatial(x.height(), x.width(), x.channels() + y.channels()) : null;
    }
    if (a instanceof Shape.Flat x && b instanceof Shape.Flat y) {
      return Shape.flat(x.size() + y.size());
    }
    return null;
  }
}
