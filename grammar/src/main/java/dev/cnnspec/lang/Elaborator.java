package dev.cnnspec.lang;

import dev.cnnspec.diag.Suggestions;
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
 * <p>A network whose elaboration reported an error yields no graph to generate; the part of it that
 * did elaborate (layers whose inputs all exist) goes to the checker for its errors only, so a shape
 * error is not hidden by an unrelated name error, and nothing downstream of a failure is checked.
 * Diagnostics repeated by several instances of one block are reported once.
 */
public final class Elaborator {

  /**
   * The graphs of the networks that elaborated without error, in source order; and, of networks
   * that reported errors, the part that did elaborate: every layer whose inputs all exist, so that
   * the checker can still report shape errors there (issue 10 item 7) — never to be generated.
   */
  public record Result(List<NetworkGraph> graphs, List<NetworkGraph> partial) {
    public Result(List<NetworkGraph> graphs) {
      this(graphs, List.of());
    }
  }

  private final Diagnostics diagnostics;
  private final Map<String, String> overrides;
  private final Diagnostics local = new Diagnostics();

  public Elaborator(Diagnostics diagnostics, Map<String, String> overrides) {
    this.diagnostics = diagnostics;
    this.overrides = new LinkedHashMap<>(new java.util.TreeMap<>(overrides));
  }

  public Result elaborate(SpecLoader.Loaded loaded) {
    return DeepStack.run(() -> elaborateAll(loaded));
  }

  private Result elaborateAll(SpecLoader.Loaded loaded) {
    Map<String, FileScope> scopes = scopes(loaded);
    List<NetworkGraph> graphs = new ArrayList<>();
    List<NetworkGraph> partial = new ArrayList<>();
    Set<String> parameterNames = new HashSet<>();
    Set<String> done = new HashSet<>();
    loaded.files().forEach((path, file) -> {
      if (!loaded.filesWithSyntaxErrors().contains(path)) {
        checkParameterTypes(file);
        new NameCheck(local).file(file, scopes.get(path));
      }
    });
    Set<Declaration> clashing = duplicateNetworks(loaded);
    for (String root : loaded.roots()) {
      if (!done.add(root) || brokenClosure(root, loaded)) {
        continue;
      }
      for (Declaration d : loaded.files().get(root).declarations()) {
        if ((d instanceof SpecFile.Network || d instanceof SpecFile.NetworkInstance) && !clashing.contains(d)) {
          Diagnostics mine = new Diagnostics();
          Optional<NetworkGraph> graph = network(d, scopes.get(root), mine, parameterNames);
          report(mine);
          if (graph.isPresent() && !mine.hasErrors()) {
            graphs.add(prune(graph.get()));
          } else if (graph.isPresent()) {
            partial.add(complete(graph.get()));
          }
        }
      }
    }
    report(local);
    if (local.hasErrors()) {
      // a declaration-level error (duplicate name, unknown parameter type, a misspelled call in some
      // body) makes every network that might use it suspect: none is generated, but the checker
      // still reports their shape errors
      partial.addAll(graphs);
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
    return new Result(graphs, partial);
  }

  /**
   * Issue 10 item 9: two compiled files declaring one network name (neither importing the other,
   * which is E0206) would generate two classes of one name and leave {@code cnn train NAME} to pick
   * one. E0222 at both declarations, each naming the other; neither is compiled.
   */
  private Set<Declaration> duplicateNetworks(SpecLoader.Loaded loaded) {
    Map<String, Declaration> first = new HashMap<>();
    Map<Declaration, String> fileOf = new HashMap<>();
    Set<Declaration> clashing = new HashSet<>();
    for (String root : new LinkedHashSet<>(loaded.roots())) {
      for (Declaration d : loaded.files().get(root).declarations()) {
        if (!(d instanceof SpecFile.Network || d instanceof SpecFile.NetworkInstance)) {
          continue;
        }
        fileOf.put(d, root);
        Declaration earlier = first.putIfAbsent(d.name(), d);
        if (earlier == null || fileOf.get(earlier).equals(root)
            || closure(root, loaded).contains(fileOf.get(earlier)) || closure(fileOf.get(earlier), loaded).contains(root)) {
          continue; // the same file, or one imports the other: E0206 from the file scope
        }
        String hint = "generated classes and `cnn train " + d.name() + "` need one network per name; rename one of them";
        local.error(DiagnosticCode.DUPLICATE_NETWORK, d.location(),
            "network `" + d.name() + "` is also declared at " + earlier.location(), hint);
        if (clashing.add(earlier)) {
          local.error(DiagnosticCode.DUPLICATE_NETWORK, earlier.location(),
              "network `" + d.name() + "` is declared again at " + d.location(), hint);
        }
        clashing.add(d);
      }
    }
    return clashing;
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
    if (!instanceFixesEachOnce(signature, fixed, instanceNames(d, home, scope), out)) {
      return Optional.empty();
    }
    Set<String> fixedNames = fixedNames(signature, fixed);
    List<Argument> overrideArguments = new ArrayList<>();
    for (SpecFile.Param p : decl.params()) {
      if (!fixedNames.contains(p.name())) {
        parameterNames.add(p.name());
        String text = overrides.get(p.name());
        if (text != null) {
          Location at = overrideLocation(p.name());
          Optional<Expr> value = OverrideValues.parse(text, at);
          Optional<ValueType> type = ValueType.parameterType(p.type().spelled()).flatMap(ValueType::of);
          boolean enumType = type.map(ValueType::isEnum).orElse(false);
          if (value.isEmpty() || value.get() instanceof Expr.Name && !enumType) {
            out.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at, "cannot read `" + text + "` as a value for parameter `"
                + p.name() + "` of network " + d.name(), "the parameter is " + p.type().spelled()
                + type.map(t -> "; write e.g. --set " + p.name() + "=" + t.example()).orElse(""));
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
    return Optional.of(graph);
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

  /** The names of the instances from {@code d} down to its network, innermost first (as {@code fixed}). */
  private static List<String> instanceNames(Declaration d, FileScope home, FileScope scope) {
    List<String> names = new ArrayList<>();
    Declaration target = d;
    FileScope at = scope;
    Set<String> seen = new HashSet<>();
    while (target instanceof SpecFile.NetworkInstance i && seen.add(i.name())) {
      names.add(0, i.name());
      Optional<FileScope.Entry> entry = at.find(i.target());
      if (entry.isEmpty()) {
        break;
      }
      target = entry.get().declaration();
      at = entry.get().home();
    }
    return names;
  }

  /**
   * {@code network B = A(classes: 4)} where A already fixed {@code classes}: the parameter is no
   * longer B's to set (the design says fixed parameters stop being parameters), and silently
   * re-setting it would make A's fixed value a lie. E0207 at B's argument, naming A's.
   */
  private static boolean instanceFixesEachOnce(Signature signature, List<ArgumentList> lists, List<String> instances,
      Diagnostics out) {
    Map<String, Argument> fixedBy = new HashMap<>();
    Map<String, String> fixedIn = new HashMap<>();
    boolean ok = true;
    for (int k = 0; k < lists.size(); k++) {
      String instance = k < instances.size() ? instances.get(k) : "?";
      int next = 0;
      for (Argument a : lists.get(k).arguments()) {
        String name;
        if (a.isNamed()) {
          name = a.name().get();
        } else {
          while (next < signature.parameters().size() && fixedBy.containsKey(signature.parameters().get(next).name())) {
            next++;
          }
          if (next >= signature.parameters().size()) {
            continue; // too many arguments: the binder reports it
          }
          name = signature.parameters().get(next++).name();
        }
        Argument earlier = fixedBy.get(name);
        if (earlier != null && !fixedIn.get(name).equals(instance)) {
          out.error(DiagnosticCode.DUPLICATE_ARGUMENT, a.location(), "parameter `" + name + "` of " + signature.name()
              + " was already fixed by network " + fixedIn.get(name) + " at " + earlier.location()
              + ", so network " + instance + " cannot set it again",
              "an instance's fixed parameters are no longer parameters; instantiate the network itself instead, or"
                  + " leave `" + name + "` free in " + fixedIn.get(name));
          ok = false;
        } else if (earlier == null) {
          fixedBy.put(name, a);
          fixedIn.put(name, instance);
        }
      }
    }
    return ok;
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
   * The layers whose inputs all exist (a failed chain made none of its layers), in emission order,
   * which is topological, and the outputs whose source exists. What a failed definition fed is left
   * out, so the checker cannot report follow-ups of an error already reported.
   */
  private static NetworkGraph complete(NetworkGraph graph) {
    Set<String> present = new HashSet<>();
    graph.inputs().forEach(i -> present.add(i.name()));
    List<LayerNode> kept = new ArrayList<>();
    for (LayerNode l : graph.layers()) {
      if (present.containsAll(l.inputs())) {
        kept.add(l);
        present.add(l.name());
      }
    }
    List<OutputNode> outputs = graph.outputs().stream().filter(o -> present.contains(o.source())).toList();
    return new NetworkGraph(graph.name(), graph.location(), graph.parameters(), graph.inputs(), kept, outputs,
        graph.blocks());
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
