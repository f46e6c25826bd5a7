package dev.cnnspec.processor;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Shape;
import dev.cnnspec.processor.TensorTypes.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The interface front end: an {@code @Network} interface becomes the same {@link NetworkGraph}
 * a spec would, through the same {@link GraphBuilder} (so {@code activation = MFM} splits the same
 * way). It resolves each parameter to the method it names, checks the declared ranks, and adds
 * layers in dependency order whatever order the methods are written in. Every problem is reported
 * on the parameter, method or annotation value responsible; only a fully valid interface yields
 * a graph.
 */
final class InterfaceReader {
  /** A graph, and the way back from its locations to the elements that made it. */
  record InterfaceNetwork(NetworkGraph graph, ElementIndex index) {}

  private final Elements elements;
  private final Reporter reporter;
  private final LayerReader layers;

  InterfaceReader(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.reporter = reporter;
    this.layers = new LayerReader(elements, reporter);
  }

  Optional<InterfaceNetwork> read(TypeElement type, String networkName) {
    Optional<Map<String, MethodDeclaration>> scanned = new InterfaceScanner(reporter).scan(type);
    if (scanned.isEmpty()) {
      return Optional.empty();
    }
    int errorsBefore = reporter.errorCount();
    Map<String, MethodDeclaration> decls = scanned.get();
    ElementIndex index = new ElementIndex(type);
    GraphBuilder graph = new GraphBuilder(networkName, index.networkLocation());
    Map<String, String> tensors = new HashMap<>();   // method name → name of the tensor it yields
    Map<String, Kind> kinds = new HashMap<>();        // method name → declared rank
    for (MethodDeclaration d : decls.values()) {
      kinds.put(d.name(), TensorTypes.kindOf(d.method().getReturnType()).orElse(Kind.TENSOR));
      if (d.isInput()) {
        input(d, graph, index).ifPresent(name -> tensors.put(d.name(), name));
      }
    }
    Wiring wiring = new Wiring(decls, reporter);
    for (MethodDeclaration d : wiring.order()) {
      if (d.isInput()) {
        continue;
      }
      // The op is read first because its rank rule is part of it; a layer whose values are
      // invalid (reported by the reader) still has its parameters' declared ranks checked.
      Optional<Op> op = d.isBareOutput() ? Optional.empty() : layers.read(d.layer(), d.method(), d.layerMirror());
      if (!ranksAgree(d, op, decls, kinds) || (!d.isBareOutput() && op.isEmpty())) {
        continue;
      }
      List<String> reads = new ArrayList<>();
      for (VariableElement p : d.parameters()) {
        reads.add(tensors.get(p.getSimpleName().toString()));
      }
      if (reads.contains(null)) {
        continue; // something it reads was invalid, and reported there
      }
      if (d.isBareOutput()) {
        tensors.put(d.name(), reads.get(0));
        continue;
      }
      tensors.put(d.name(), graph.layer(d.name(), op.get(), reads,
          index.register(d.ordinal(), 1, d.method(), d.layerMirror())));
    }
    boolean anyOutput = false;
    for (MethodDeclaration d : decls.values()) {
      if (d.output() != null && tensors.containsKey(d.name())) {
        output(d, tensors.get(d.name()), graph, index);
        anyOutput = true;
      }
    }
    if (!anyOutput && reporter.errorCount() == errorsBefore) {
      reporter.error(DiagnosticCode.NO_OUTPUT, type, "network " + networkName + " has no output",
          "annotate the method of the last layer with @Output");
    }
    return reporter.errorCount() == errorsBefore ? Optional.of(new InterfaceNetwork(graph.build(), index))
        : Optional.empty();
  }

  private Optional<String> input(MethodDeclaration d, GraphBuilder graph, ElementIndex index) {
    AnnotationValues v = new AnnotationValues(d.method(), d.input(), elements, reporter);
    int size = v.nonNegativeInt("size").orElse(0);
    int h = v.nonNegativeInt("height").orElse(0);
    int w = v.nonNegativeInt("width").orElse(0);
    int c = v.nonNegativeInt("channels").orElse(0);
    if (!v.valid()) {
      return Optional.empty();
    }
    Shape shape;
    if (size > 0 && h == 0 && w == 0 && c == 0) {
      shape = Shape.flat(size);
    } else if (size == 0 && h > 0 && w > 0 && c > 0) {
      shape = Shape.spatial(h, w, c);
    } else {
      v.invalid(size > 0 ? "size" : h == 0 ? "height" : w == 0 ? "width" : "channels",
          "input " + d.name() + " needs either height, width and channels, or size alone",
          "write @Input(height = 32, width = 32, channels = 1) or @Input(size = 784)");
      return Optional.empty();
    }
    Kind declared = TensorTypes.kindOf(d.method().getReturnType()).orElse(Kind.TENSOR);
    Kind actual = shape instanceof Shape.Flat ? Kind.FLAT : Kind.SPATIAL;
    if (TensorTypes.conflict(declared, actual)) {
      reporter.error(DiagnosticCode.INVALID_ANNOTATION, d.method(), d.input(), null,
          "input " + d.name() + " is " + TensorTypes.spell(actual) + " but declared to return "
              + TensorTypes.spell(declared), "declare it to return " + TensorTypes.spell(actual));
      return Optional.empty();
    }
    graph.input(d.name(), shape, index.register(d.ordinal(), 1, d.method(), d.input()));
    return Optional.of(d.name());
  }

  private void output(MethodDeclaration d, String source, GraphBuilder graph, ElementIndex index) {
    AnnotationValues v = new AnnotationValues(d.method(), d.output(), elements, reporter);
    Loss loss = v.enumValue("loss", Loss.class).orElse(Loss.CROSS_ENTROPY);
    double weight = v.number("weight").orElse(1.0);
    if (weight < 0) {
      v.invalid("weight", "a loss weight must not be negative, not " + weight, "main heads use 1");
    }
    if (v.valid()) {
      graph.output(d.name(), source, loss, weight, index.register(d.ordinal(), 2, d.method(), d.output()));
    }
  }

  /**
   * The rank rules javac cannot state: each parameter's declared rank must match what the method
   * it names returns and what the layer reads, and the return type what the layer produces.
   */
  private boolean ranksAgree(MethodDeclaration d, Optional<Op> op, Map<String, MethodDeclaration> decls,
      Map<String, Kind> kinds) {
    int errorsBefore = reporter.errorCount();
    String what = d.isLayer() ? "@" + d.layer() : "@Output";
    Op.Ranks ranks = op.map(Op::ranks).orElse(Op.Ranks.ANY);
    // @Output reads a tensor of either rank: a Spatial one makes a per-pixel head.
    Kind reads = d.isLayer() ? TensorTypes.of(ranks.reads()) : Kind.TENSOR;
    Set<Kind> seen = new HashSet<>();
    for (VariableElement p : d.parameters()) {
      String name = p.getSimpleName().toString();
      Kind declared = TensorTypes.kindOf(p.asType()).orElse(Kind.TENSOR);
      Kind actual = decls.containsKey(name) ? kinds.get(name) : Kind.TENSOR;
      Kind effective = declared == Kind.TENSOR ? actual : declared;
      seen.add(effective);
      if (TensorTypes.conflict(declared, actual)) {
        reporter.error(DiagnosticCode.RANK_MISMATCH, p, name + " returns " + TensorTypes.spell(actual)
            + " but is read here as " + TensorTypes.spell(declared), "declare the parameter "
            + TensorTypes.spell(actual) + " " + name);
      } else if (reads == Kind.FLAT && effective == Kind.SPATIAL) {
        reporter.error(DiagnosticCode.DENSE_ON_SPATIAL, p,
            what + " " + d.name() + " reads the spatial tensor " + name,
            "read a method annotated @Flatten or @GlobalAvgPool that returns Flat");
      } else if (reads == Kind.SPATIAL && effective == Kind.FLAT) {
        reporter.error(DiagnosticCode.SPATIAL_LAYER_ON_FLAT, p,
            what + " " + d.name() + " needs a spatial tensor, but " + name + " is Flat",
            "read a Spatial tensor, before the network is flattened");
      }
    }
    Kind returned = kinds.get(d.name());
    Kind produced = d.isLayer() ? TensorTypes.of(ranks.produces()) : Kind.TENSOR;
    if (produced == Kind.TENSOR && seen.size() == 1) {
      produced = seen.iterator().next(); // a layer that keeps the rank of what it reads
    }
    if (reporter.errorCount() == errorsBefore && TensorTypes.conflict(returned, produced)) {
      reporter.error(DiagnosticCode.RANK_MISMATCH, d.method(), d.layerMirror() != null ? d.layerMirror()
              : d.output(), null, what + " " + d.name() + " produces a " + TensorTypes.spell(produced)
              + " tensor but is declared to return " + TensorTypes.spell(returned),
          "declare it to return " + TensorTypes.spell(produced));
    }
    return reporter.errorCount() == errorsBefore;
  }
}
