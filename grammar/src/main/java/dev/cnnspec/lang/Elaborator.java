package dev.cnnspec.lang;

import dev.cnnspec.diag.Diagnostic;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.ArgumentBinder.ArgumentList;
import dev.cnnspec.lang.LayerArguments.Bound;
import dev.cnnspec.lang.SpecFile.Declaration;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkParameter;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.ParameterType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The elaboration stage: syntax trees (with their imports) → one {@link NetworkGraph} per network
 * declared in a root file, through {@link GraphBuilder}. Network instances are elaborated as new
 * networks; {@code --set} overrides apply to every network having the parameter (E0215 if none).
 *
 * <p>A network whose elaboration reported an error yields no graph, so the checker never sees
 * half-built input. Diagnostics repeated by several instances of one block are reported once.
 */
public final class Elaborator {

  /** The graphs of the networks that elaborated without error, in source order. */
  public record Result(List<NetworkGraph> graphs) {}

  private final Diagnostics diagnostics;
  private final Map<String, String> overrides;
  private final Diagnostics local = new Diagnostics();

  public Elaborator(Diagnostics diagnostics, Map<String, String> overrides) {
    this.diagnostics = diagnostics;
    this.overrides = new LinkedHashMap<>(new java.util.TreeMap<>(overrides));
  }

  public Result elaborate(SpecLoader.Loaded loaded) {
    Map<String, FileScope> scopes = scopes(loaded);
    List<NetworkGraph> graphs = new ArrayList<>();
    Set<String> parameterNames = new HashSet<>();
    Set<String> done = new HashSet<>();
    loaded.files().forEach((path, file) -> {
      if (!loaded.filesWithSyntaxErrors().contains(path)) {
        checkParameterTypes(file);
      }
    });
    for (String root : loaded.roots()) {
      if (!done.add(root) || brokenClosure(root, loaded)) {
        continue;
      }
      for (Declaration d : loaded.files().get(root).declarations()) {
        if (d instanceof SpecFile.Network || d instanceof SpecFile.NetworkInstance) {
          Diagnostics mine = new Diagnostics();
          Optional<NetworkGraph> graph = network(d, scopes.get(root), mine, parameterNames);
          report(mine);
          if (graph.isPresent() && !mine.hasErrors()) {
            graphs.add(graph.get());
          }
        }
      }
    }
    report(local);
    if (local.hasErrors()) {
      // a declaration-level error (duplicate name, unknown parameter type) makes every network
      // that might use it suspect; none goes on to the checker
      graphs.clear();
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      if (!parameterNames.contains(o.getKey())) {
        String suggestion = Suggestions.didYouMean(o.getKey(), parameterNames);
        diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, overrideLocation(o.getKey()),
            "no network has a parameter `" + o.getKey() + "`",
            (suggestion.isEmpty() ? "" : suggestion + " ") + "the parameters are " + new TreeSet<>(parameterNames));
      }
    }
    return new Result(graphs);
  }

  private final Set<Diagnostic> seen = new HashSet<>();

  private void report(Diagnostics from) {
    for (Diagnostic d : from.all()) {
      if (seen.add(d)) {
        diagnostics.report(d);
      }
    }
  }

  private static boolean brokenClosure(String root, SpecLoader.Loaded loaded) {
    for (String file : closure(root, loaded)) {
      if (loaded.filesWithSyntaxErrors().contains(file)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> closure(String root, SpecLoader.Loaded loaded) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      String file = todo.pop();
      if (seen.add(file)) {
        todo.addAll(loaded.imports().getOrDefault(file, List.of()));
      }
    }
    return seen;
  }

  private Map<String, FileScope> scopes(SpecLoader.Loaded loaded) {
    Map<String, FileScope> scopes = new HashMap<>();
    loaded.files().keySet().forEach(path -> scopes.put(path, new FileScope(path)));
    for (String path : loaded.roots()) {
      FileScope scope = scopes.get(path);
      if (scope.entries().isEmpty()) {
        for (String file : closure(path, loaded)) {
          scope.addAll(loaded.files().get(file).declarations(), scopes.get(file), local);
        }
      }
    }
    // imported files resolve their own names too (their blocks may use their own imports)
    for (String path : loaded.files().keySet()) {
      FileScope scope = scopes.get(path);
      if (scope.entries().isEmpty()) {
        for (String file : closure(path, loaded)) {
          scope.addAll(loaded.files().get(file).declarations(), scopes.get(file), new Diagnostics());
        }
      }
    }
    return scopes;
  }

  /** Unknown parameter types (E0204) are reported once per declaration, not per use. */
  private void checkParameterTypes(SpecFile file) {
    for (Declaration d : file.declarations()) {
      List<SpecFile.Param> params = d instanceof SpecFile.Block b ? b.params()
          : d instanceof SpecFile.Network n ? n.params() : List.of();
      Set<String> names = new HashSet<>();
      for (SpecFile.Param p : params) {
        if (!names.add(p.name())) {
          local.error(DiagnosticCode.DUPLICATE_DEFINITION, p.location(),
              "parameter `" + p.name() + "` of " + FileScope.kind(d) + " " + d.name() + " is declared twice", "rename one of them");
        }
        Optional<ParameterType> type = ValueType.parameterType(p.type().spelled());
        if (type.isEmpty()) {
          String suggestion = Suggestions.didYouMean(p.type().spelled(), ValueType.typeNames());
          local.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, p.type().location(), "unknown type `" + p.type().spelled()
              + "` for parameter `" + p.name() + "`", (suggestion.isEmpty() ? "" : suggestion + " ")
              + "types are " + String.join(", ", ValueType.typeNames()));
        } else if (type.get() == ParameterType.TENSOR && d instanceof SpecFile.Network) {
          local.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, p.type().location(),
              "network parameter `" + p.name() + "` cannot be a tensor", "declare it as an input: input " + p.name() + ": [h, w, c]");
        }
      }
    }
  }

  // ---- one network ----------------------------------------------------------------------------

  private Optional<NetworkGraph> network(Declaration d, FileScope scope, Diagnostics out, Set<String> parameterNames) {
    List<ArgumentList> fixed = new ArrayList<>();
    SpecFile.Network decl;
    FileScope home = scope;
    if (d instanceof SpecFile.NetworkInstance instance) {
      Deque<ArgumentList> lists = new ArrayDeque<>();
      Set<String> seen = new LinkedHashSet<>();
      Declaration target = instance;
      while (target instanceof SpecFile.NetworkInstance i) {
        if (!seen.add(i.name())) {
          out.error(DiagnosticCode.CYCLE, instance.location(), "network `" + instance.name() + "` is an instance of itself: "
              + String.join(" → ", seen) + " → " + i.name(), "an instance must end in a network with a body");
          return Optional.empty();
        }
        lists.push(new ArgumentList(i.arguments(), Env.EMPTY));
        Optional<FileScope.Entry> entry = home.find(i.target());
        if (entry.isEmpty() || !(entry.get().declaration() instanceof SpecFile.Network
            || entry.get().declaration() instanceof SpecFile.NetworkInstance)) {
          List<String> networks = new ArrayList<>(home.namesOf(SpecFile.Network.class));
          networks.addAll(home.namesOf(SpecFile.NetworkInstance.class));
          String suggestion = Suggestions.didYouMean(i.target(), networks);
          out.error(DiagnosticCode.UNKNOWN_NETWORK, i.targetLocation(),
              entry.isEmpty() ? "unknown network `" + i.target() + "`"
                  : "`" + i.target() + "` is a " + FileScope.kind(entry.get().declaration()) + ", not a network",
              suggestion.isEmpty() ? "declare it with `network " + i.target() + "(…) { … }` or import the file that does" : suggestion);
          return Optional.empty();
        }
        target = entry.get().declaration();
        home = entry.get().home();
      }
      decl = (SpecFile.Network) target;
      fixed.addAll(lists);
    } else {
      decl = (SpecFile.Network) d;
    }
    Signature signature = new Signature("network " + decl.name(), decl.params().stream().map(p -> new Signature.Parameter(
        p.name(), ValueType.parameterType(p.type().spelled()).flatMap(ValueType::of).orElse(ValueType.INT),
        Optional.empty(), p.defaultValue(), false, p.location())).toList());
    Set<String> fixedNames = fixedNames(signature, fixed);
    List<Argument> overrideArguments = new ArrayList<>();
    for (SpecFile.Param p : decl.params()) {
      if (!fixedNames.contains(p.name())) {
        parameterNames.add(p.name());
        String text = overrides.get(p.name());
        if (text != null) {
          Location at = overrideLocation(p.name());
          Optional<Expr> value = OverrideValues.parse(text, at);
          boolean enumType = ValueType.parameterType(p.type().spelled()).flatMap(ValueType::of)
              .map(ValueType::isEnum).orElse(false);
          if (value.isEmpty() || value.get() instanceof Expr.Name && !enumType) {
            out.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at, "cannot read `" + text + "` as a value for parameter `"
                + p.name() + "` of network " + d.name(), "the parameter is " + p.type().spelled()
                + "; write e.g. 10, 0.5, true, relu or [1, 2, 3]");
            return Optional.empty();
          }
          overrideArguments.add(new Argument(Optional.of(p.name()), value.get(), at));
        }
      }
    }
    List<ArgumentList> lists = new ArrayList<>(fixed);
    lists.add(new ArgumentList(overrideArguments, Env.EMPTY));
    NetworkContext net = new NetworkContext(d.name(), new GraphBuilder(d.name(), d.location()), out);
    Optional<ArgumentBinder.Binding> binding = net.binder.bind(signature, "network " + decl.name(), lists, null,
        d.location(), (n, at) -> null);
    if (binding.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Value> values = new LinkedHashMap<>();
    Map<String, Location> locations = new LinkedHashMap<>();
    for (SpecFile.Param p : decl.params()) {
      Bound bound = binding.get().values().get(p.name());
      values.put(p.name(), bound.value());
      locations.put(p.name(), p.location());
      if (!fixedNames.contains(p.name())) {
        ParameterType type = ValueType.parameterType(p.type().spelled()).orElse(ParameterType.INT);
        ValueType valueType = ValueType.of(type).orElseThrow();
        net.builder.parameter(new NetworkParameter(p.name(), type, defaultOf(p, valueType),
            Coercion.toModel(bound.value(), valueType), p.location()));
      }
    }
    BodyElaborator body = new BodyElaborator(net, home, "", "network " + d.name(), false, values, locations);
    try {
      if (!body.runNetwork(decl.body())) {
        return Optional.empty();
      }
    } catch (NetworkContext.Abort abort) {
      return Optional.empty();
    }
    NetworkGraph graph = net.builder.build();
    if (graph.outputs().isEmpty() && !out.hasErrors()) {
      out.error(DiagnosticCode.NO_OUTPUT, d.location(), "network " + d.name() + " has no output",
          "add an output head, e.g. output probs = x -> dense(classes, activation: softmax)");
      return Optional.empty();
    }
    return Optional.of(prune(graph));
  }

  private static Optional<Object> defaultOf(SpecFile.Param p, ValueType type) {
    if (p.defaultValue().isEmpty()) {
      return Optional.empty();
    }
    Diagnostics scratch = new Diagnostics();
    Value v = new ExpressionEvaluator(scratch).eval(p.defaultValue().get(), Env.EMPTY);
    Optional<Value> checked = new Coercion(scratch).coerce(v, type, p.location(), Env.EMPTY, "default");
    return checked.map(c -> Coercion.toModel(c, type));
  }

  /** The parameters an instance fixes: positional arguments fill the free ones in order. */
  private static Set<String> fixedNames(Signature signature, List<ArgumentList> lists) {
    Set<String> fixed = new HashSet<>();
    for (ArgumentList list : lists) {
      int next = 0;
      for (Argument a : list.arguments()) {
        if (a.isNamed()) {
          fixed.add(a.name().get());
        } else {
          while (next < signature.parameters().size() && fixed.contains(signature.parameters().get(next).name())) {
            next++;
          }
          if (next < signature.parameters().size()) {
            fixed.add(signature.parameters().get(next++).name());
          }
        }
      }
    }
    return fixed;
  }

  static Location overrideLocation(String name) {
    return new Location("--set " + name, 0, 0);
  }

  /**
   * Keeps the layers some output depends on, as a Keras {@code Model(inputs, outputs)} does; the
   * tensors this drops were reported as unused (W0216).
   */
  private static NetworkGraph prune(NetworkGraph graph) {
    Map<String, LayerNode> byName = graph.layersByName();
    Set<String> needed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (OutputNode o : graph.outputs()) {
      todo.push(o.source());
    }
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (needed.add(name) && byName.containsKey(name)) {
        todo.addAll(byName.get(name).inputs());
      }
    }
    List<LayerNode> kept = graph.layers().stream().filter(l -> needed.contains(l.name())).toList();
    return new NetworkGraph(graph.name(), graph.location(), graph.parameters(), graph.inputs(), kept, graph.outputs(),
        graph.blocks());
  }
}
