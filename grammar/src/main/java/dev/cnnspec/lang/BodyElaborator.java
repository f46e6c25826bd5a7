package dev.cnnspec.lang;

import dev.cnnspec.diag.Suggestions;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.Value.Poison;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Elaborates one body: a network's, or one instance of a block. Definitions and lets are
 * order-independent, so they are collected first and resolved on first use, with the chain of
 * names in progress kept to report cycles (E0209) by their path. Only the taken branch of an
 * {@code if} contributes statements.
 */
final class BodyElaborator implements Env {
  final NetworkContext net;
  final FileScope scope;
  final String prefix;
  private final String owner;
  private final boolean isBlock;
  private final Map<String, Value> params;
  private final Map<String, Location> declared = new HashMap<>();
  private final Map<String, Statement.Let> lets = new LinkedHashMap<>();
  private final Map<String, Value> letValues = new HashMap<>();
  private final Map<String, Statement> definitions = new LinkedHashMap<>();
  private final Map<String, Statement.Input> inputs = new LinkedHashMap<>();
  private final Map<String, String> tensors = new HashMap<>();
  private final LinkedHashMap<String, Location> inProgress = new LinkedHashMap<>();
  private final Set<String> used = new HashSet<>();
  private final List<Statement> statements = new ArrayList<>();
  private final ChainElaborator chains;
  /**
   * False while {@code if} conditions are evaluated and inputs declared: the body's tensors do not
   * exist yet, so only a block's tensor parameters have a shape to ask.
   */
  private boolean tensorsReady;

  BodyElaborator(NetworkContext net, FileScope scope, String prefix, String owner, boolean isBlock,
      Map<String, Value> params, Map<String, Location> paramLocations) {
    this.net = net;
    this.scope = scope;
    this.prefix = prefix;
    this.owner = owner;
    this.isBlock = isBlock;
    this.params = params;
    this.declared.putAll(paramLocations);
    this.chains = new ChainElaborator(this);
  }

  /** Elaborates a network body; false when it reported an error that stops the network. */
  boolean runNetwork(List<Statement> body) {
    flatten(body);
    for (Statement.Input input : inputs.values()) {
      input(input);
    }
    tensorsReady = true;
    if (!assertions()) {
      return false;
    }
    for (Statement s : statements) {
      if (s instanceof Statement.Define d) {
        tensor(d.name(), d.location(), false);
      } else if (s instanceof Statement.Output o) {
        output(o);
      }
    }
    warnUnused();
    return true;
  }

  /** Elaborates a block body and returns the graph tensor it returns, or null after an error. */
  String runBlock(List<Statement> body, Location blockLocation, String blockName) {
    flatten(body);
    tensorsReady = true;
    if (!assertions()) {
      return null;
    }
    String result = null;
    Statement.Return seen = null;
    for (Statement s : statements) {
      if (s instanceof Statement.Define d) {
        tensor(d.name(), d.location(), false);
      } else if (s instanceof Statement.Return r) {
        if (seen != null) {
          net.diagnostics.error(DiagnosticCode.DUPLICATE_DEFINITION, r.location(),
              "block " + blockName + " returns twice (first return at " + seen.location() + ")",
              "a block returns exactly one tensor; keep one return (use concat or add to merge paths)");
          return null;
        }
        seen = r;
        result = chains.elaborate(r.chain(), null);
      }
    }
    if (seen == null) {
      net.diagnostics.error(DiagnosticCode.MISSING_RETURN, blockLocation,
          "block " + blockName + " returns no tensor", "end the block with `return CHAIN`");
    }
    warnUnused();
    return result;
  }

  // ---- statements -----------------------------------------------------------------------------

  private void flatten(List<Statement> body) {
    for (Statement s : body) {
      if (s instanceof Statement.If i) {
        Optional<Boolean> c = net.evaluator.bool(net.evaluator.eval(i.condition(), this), i.condition(), this,
            "the condition of if");
        if (c.isPresent()) {
          flatten(c.get() ? i.then() : i.otherwise());
        }
      } else if (s instanceof Statement.Let l) {
        if (declare(l.name(), l.location())) {
          lets.put(l.name(), l);
        }
      } else if (s instanceof Statement.Define d) {
        if (declare(d.name(), d.location())) {
          definitions.put(d.name(), d);
          statements.add(s);
        }
      } else if (s instanceof Statement.Output o) {
        if (isBlock) {
          misplaced(o.location(), "output", "return the tensor instead: return CHAIN");
        } else if (declare(o.name(), o.location())) {
          definitions.put(o.name(), o);
          statements.add(s);
        }
      } else if (s instanceof Statement.Input in) {
        if (isBlock) {
          misplaced(in.location(), "input", "declare a parameter `" + in.name() + ": tensor` instead");
        } else if (declare(in.name(), in.location())) {
          inputs.put(in.name(), in);
        }
      } else if (s instanceof Statement.Return r) {
        if (!isBlock) {
          misplaced(r.location(), "return", "a network ends in outputs: output NAME = CHAIN");
        } else {
          statements.add(s);
        }
      } else {
        statements.add(s);
      }
    }
  }

  private void misplaced(Location at, String what, String hint) {
    net.diagnostics.error(DiagnosticCode.SYNTAX, at, "`" + what + "` is not allowed in " + owner, hint);
  }

  private boolean declare(String name, Location at) {
    Location previous = declared.putIfAbsent(name, at);
    if (previous != null) {
      net.diagnostics.error(DiagnosticCode.DUPLICATE_DEFINITION, at,
          "`" + name + "` is already defined in " + owner + " at " + previous,
          "each name is defined once per body; rename one of them");
      return false;
    }
    return true;
  }

  private void input(Statement.Input input) {
    List<Integer> dims = new ArrayList<>();
    for (Expr e : input.dims()) {
      Optional<Integer> d = net.evaluator.integer(net.evaluator.eval(e, this), e, this, "a dimension of input " + input.name());
      if (d.isEmpty()) {
        return;
      }
      if (d.get() <= 0) {
        net.diagnostics.error(DiagnosticCode.INVALID_VALUE, e.location(),
            "dimension of input " + input.name() + " must be positive, found " + d.get(), "use a size of at least 1");
        return;
      }
      dims.add(d.get());
    }
    if (dims.size() != 1 && dims.size() != 3) {
      net.diagnostics.error(DiagnosticCode.INVALID_VALUE, input.location(),
          "input " + input.name() + " has " + dims.size() + " dimensions; expected [height, width, channels] or [size]",
          "write e.g. input image: [28, 28, 1] or input features: [784]");
      return;
    }
    Shape shape = dims.size() == 3 ? Shape.spatial(dims.get(0), dims.get(1), dims.get(2)) : Shape.flat(dims.get(0));
    net.builder.input(input.name(), shape, input.location());
    tensors.put(input.name(), input.name());
  }

  private boolean assertions() {
    boolean ok = true;
    for (Statement s : statements) {
      if (s instanceof Statement.Assert a) {
        Optional<Boolean> c = net.evaluator.bool(net.evaluator.eval(a.condition(), this), a.condition(), this,
            "the condition of assert");
        if (c.isEmpty()) {
          ok = false;
        } else if (!c.get()) {
          List<String> values = new ArrayList<>();
          params.forEach((k, v) -> {
            if (!(v instanceof Value.TensorV)) {
              values.add(k + " = " + v.describe().replaceFirst("^\\w+ ", ""));
            }
          });
          values.sort(null);
          net.diagnostics.error(DiagnosticCode.ASSERTION_FAILED, a.location(),
              "assertion failed in " + owner + ": " + a.message(),
              values.isEmpty() ? "" : "with " + String.join(", ", values));
          ok = false;
        }
      }
    }
    return ok;
  }

  private void output(Statement.Output o) {
    String source = tensor(o.name(), o.location(), false);
    Loss loss = Loss.CROSS_ENTROPY;
    if (o.loss().isPresent()) {
      Value v = net.evaluator.eval(new Expr.Name(o.loss().get(), o.lossLocation()), this);
      Optional<Value> checked = net.coercion.coerce(v, ValueType.LOSS, o.lossLocation(), this, "the loss of output " + o.name());
      if (checked.isEmpty()) {
        return;
      }
      loss = (Loss) Coercion.toModel(checked.get(), ValueType.LOSS);
    }
    double weight = 1;
    if (o.weight().isPresent()) {
      Expr e = o.weight().get();
      Optional<Value> w = net.coercion.coerce(net.evaluator.eval(e, this), ValueType.FLOAT, e.location(), this,
          "the weight of output " + o.name());
      if (w.isEmpty()) {
        return;
      }
      weight = ((Value.FloatV) w.get()).value();
      if (!(weight >= 0)) {
        net.diagnostics.error(DiagnosticCode.INVALID_VALUE, e.location(),
            "the weight of output " + o.name() + " must not be negative, found " + weight, "auxiliary heads typically use 0.3");
        return;
      }
    }
    if (source != null) {
      net.builder.output(o.name(), source, loss, weight, o.location());
    }
  }

  private void warnUnused() {
    definitions.forEach((name, s) -> {
      if (s instanceof Statement.Define d && !used.contains(name)) {
        net.diagnostics.warning(DiagnosticCode.UNUSED_TENSOR, d.location(),
            "tensor `" + name + "` in " + owner + " is never used, so its layers are left out",
            "use it in a chain or an output, or delete it");
      }
    });
    inputs.forEach((name, in) -> {
      if (!used.contains(name)) {
        net.diagnostics.warning(DiagnosticCode.UNUSED_TENSOR, in.location(),
            "input `" + name + "` of " + owner + " is never used", "feed it into a chain, or delete it");
      }
    });
  }

  // ---- names ----------------------------------------------------------------------------------

  /**
   * The graph tensor for a tensor name used at {@code at}: an input, a block's tensor parameter or
   * a definition (elaborated now if it was not yet). Null after an error.
   */
  String tensor(String name, Location at, boolean use) {
    if (use) {
      used.add(name);
    }
    if (params.get(name) instanceof Value.TensorV t) {
      return t.tensor();
    }
    if (tensors.containsKey(name)) {
      return tensors.get(name);
    }
    Statement definition = definitions.get(name);
    if (definition == null && inputs.containsKey(name)) {
      // an input whose declaration failed (e.g. a zero dimension) was reported there; its uses are not
      return null;
    }
    if (definition == null) {
      undefinedTensor(name, at);
      return null;
    }
    if (inProgress.containsKey(name)) {
      cycle(name, at, "tensor");
      return null;
    }
    inProgress.put(name, at);
    net.enterDefinition(name, at);
    Chain chain = definition instanceof Statement.Define d ? d.chain() : ((Statement.Output) definition).chain();
    String result = chains.elaborate(chain, name);
    net.exitDefinition();
    inProgress.remove(name);
    tensors.put(name, result);
    return result;
  }

  private void undefinedTensor(String name, Location at) {
    if (params.containsKey(name) || lets.containsKey(name)) {
      net.diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at,
          "`" + name + "` is a value, not a tensor", "a chain starts with an input, a tensor parameter or a defined tensor");
      return;
    }
    if (BuiltinLayers.find(name).isPresent() || scope.find(name).isPresent()) {
      net.diagnostics.error(DiagnosticCode.MISSING_ARGUMENT, at,
          "`" + name + "` has no input tensor", "apply it to a tensor: x -> " + name);
      return;
    }
    List<String> candidates = new ArrayList<>(definitions.keySet());
    candidates.addAll(inputs.keySet());
    params.forEach((k, v) -> {
      if (v instanceof Value.TensorV) {
        candidates.add(k);
      }
    });
    String suggestion = Suggestions.didYouMean(name, candidates);
    net.diagnostics.error(DiagnosticCode.UNDEFINED_NAME, at, "undefined tensor `" + name + "` in " + owner,
        suggestion.isEmpty() ? "define it with `" + name + " = …`" + (isBlock ? " or add a parameter `" + name + ": tensor`" : " or `input " + name + ": […]`") : suggestion);
  }

  private void cycle(String name, Location at, String what) {
    List<String> path = new ArrayList<>();
    boolean on = false;
    for (String n : inProgress.keySet()) {
      on |= n.equals(name);
      if (on) {
        path.add(n);
      }
    }
    path.add(name);
    net.diagnostics.error(DiagnosticCode.CYCLE, at,
        what + " `" + name + "` depends on itself: " + String.join(" → ", path),
        "a " + what + " cannot be computed from its own result; break the cycle");
  }

  @Override
  public Optional<Value> lookup(String name, Location at) {
    Value p = params.get(name);
    if (p != null) {
      return p instanceof Value.TensorV ? Optional.empty() : Optional.of(p);
    }
    Statement.Let let = lets.get(name);
    if (let == null) {
      return Optional.empty();
    }
    if (letValues.containsKey(name)) {
      return Optional.of(letValues.get(name));
    }
    if (inProgress.containsKey(name)) {
      cycle(name, at, "let");
      return Optional.of(Poison.INSTANCE);
    }
    inProgress.put(name, at);
    net.enterDefinition(name, at);
    Value v = net.evaluator.eval(let.value(), this);
    net.exitDefinition();
    inProgress.remove(name);
    letValues.put(name, v);
    return Optional.of(v);
  }

  @Override
  public boolean isTensor(String name) {
    return params.get(name) instanceof Value.TensorV || definitions.containsKey(name) || inputs.containsKey(name);
  }

  /**
   * A tensor's shape for an expression ({@code x.channels}): its definition is elaborated now if it
   * was not yet (a definition asking its own shape is a cycle, E0209), then its shape inferred.
   * Asking a shape is not a use: a tensor only measured still gets W0216, as its layers are left out.
   */
  @Override
  public Optional<Shape> shape(String name, Location at) {
    if (!tensorsReady && !(params.get(name) instanceof Value.TensorV)) {
      net.diagnostics.error(DiagnosticCode.SHAPE_QUERY, at,
          "the shape of `" + name + "` is not known here: `if` conditions and input sizes are evaluated before the"
              + " tensors of " + owner + " exist",
          isBlock ? "only the block's tensor parameters have a shape here" : "use a network parameter instead");
      return Optional.empty();
    }
    String tensor = tensor(name, at, false);
    return tensor == null ? Optional.empty() : net.shape(tensor, name, at);
  }

  @Override
  public Collection<String> names() {
    List<String> names = new ArrayList<>(lets.keySet());
    params.forEach((k, v) -> {
      if (!(v instanceof Value.TensorV)) {
        names.add(k);
      }
    });
    return names;
  }

  boolean isReserved(String graphName) {
    return graphName.startsWith(prefix) && declared.containsKey(graphName.substring(prefix.length()));
  }
}
