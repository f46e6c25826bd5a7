package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.ArgumentBinder.ArgumentList;
import dev.cnnspec.lang.ArgumentBinder.Binding;
import dev.cnnspec.lang.LayerArguments.Bound;
import dev.cnnspec.model.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Elaborates a chain in two steps. Expansion evaluates arguments and suffixes ({@code * n},
 * {@code for}, {@code when}) into a flat list of steps; emission then adds them to the graph. The
 * split is what lets the last step that really exists be named after the defined tensor (design.md
 * "Names of layers in the graph"), whatever suffixes removed or repeated before it.
 */
final class ChainElaborator {
  static final int MAX_REPEAT = 10_000;

  /** One layer or block instance to emit. */
  private sealed interface Step {
    Location location();
  }

  /**
   * A built-in layer; {@code chainInput} false for a chain's head call ({@code concat(a, b)}). An
   * extra input that is a key of {@code inline} is a chain written as the argument, built at
   * emission just before the layer, so that its layers follow the chain's earlier layers in the
   * graph and in their numbering ({@code conv_1 -> add(x -> conv_2)}).
   */
  private record LayerStep(Op op, List<String> extraInputs, Map<String, Inline> inline, boolean chainInput,
      Location location) implements Step {}

  /** A chain argument waiting for emission, with the environment of its call. */
  private record Inline(Chain chain, Env env) {}

  /**
   * A block instance; {@code chainParameter} receives the chain's tensor, if any. A tensor argument
   * whose graph name is a key of {@code inline} is built at emission, as for {@link LayerStep}.
   */
  private record BlockStep(Callee callee, Map<String, Bound> values, Map<String, Inline> inline, String chainParameter,
      Location location) implements Step {}

  /** Thrown inside expansion once an error was reported, to drop the whole chain. */
  private static final class Failed extends RuntimeException {
    Failed() {
      super(null, null, false, false);
    }
  }

  private final BodyElaborator body;
  private final NetworkContext net;
  private final Map<String, Integer> counters = new HashMap<>();

  ChainElaborator(BodyElaborator body) {
    this.body = body;
    this.net = body.net;
  }

  /** The graph tensor the chain produces, or null after an error. */
  String elaborate(Chain chain, String definedName) {
    return elaborate(chain, definedName, body);
  }

  /** As above, with the chain's expressions evaluated in {@code env} (a chain argument's call's). */
  private String elaborate(Chain chain, String definedName, Env env) {
    List<Step> steps = new ArrayList<>();
    String input;
    try {
      input = head(chain, steps, env);
    } catch (Failed failed) {
      return null;
    }
    return emit(steps, input, definedName);
  }

  // ---- expansion ------------------------------------------------------------------------------

  /** Expands a chain's head and elements into {@code steps}; returns the head tensor, if a name. */
  private String head(Chain chain, List<Step> steps, Env env) {
    String input = null;
    Chain.Term term = chain.head();
    if (term instanceof Chain.NameTerm n) {
      input = body.tensor(n.name(), n.location(), true);
      if (input == null) {
        throw new Failed();
      }
    } else if (term instanceof Chain.ParenTerm p) {
      input = head(p.chain(), steps, env);
    } else {
      Chain.CallTerm call = (Chain.CallTerm) term;
      steps.add(call(call.name(), call.arguments(), call.location(), env, false));
    }
    // every element is expanded even after one failed, so that each reports its own errors (their
    // arguments do not depend on each other); the chain is dropped afterwards, before emission
    boolean failed = false;
    for (Chain.Element element : chain.elements()) {
      try {
        expand(element, 0, env, steps);
      } catch (Failed f) {
        failed = true;
      }
    }
    if (failed) {
      throw new Failed();
    }
    return input;
  }

  private void expand(Chain.Element element, int suffix, Env env, List<Step> steps) {
    net.step(element.location());
    if (suffix == element.suffixes().size()) {
      if (element instanceof Chain.LayerElement l) {
        steps.add(call(l.name(), l.argumentList(), l.location(), env, true));
      } else {
        for (Chain.Element e : ((Chain.GroupElement) element).elements()) {
          expand(e, 0, env, steps);
        }
      }
      return;
    }
    Chain.Suffix s = element.suffixes().get(suffix);
    if (s instanceof Chain.Repeat r) {
      int n = count(r.count(), env, "the repeat count");
      for (int i = 0; i < n; i++) {
        expand(element, suffix + 1, env, steps);
      }
    } else if (s instanceof Chain.For f) {
      int from = integer(f.from(), env, "the start of the range");
      int to = integer(f.to(), env, "the end of the range");
      if ((long) to - from + 1 > MAX_REPEAT) {
        tooMany(f.location(), (long) to - from + 1);
      }
      for (long i = from; i <= to; i++) {
        expand(element, suffix + 1, env.with(f.variable(), new Value.IntV((int) i)), steps);
      }
    } else {
      Chain.When w = (Chain.When) s;
      Optional<Boolean> c = net.evaluator.bool(net.evaluator.eval(w.condition(), env), w.condition(), env, "the condition of when");
      if (c.isEmpty()) {
        throw new Failed();
      }
      if (c.get()) {
        expand(element, suffix + 1, env, steps);
      }
    }
    if (steps.size() > NetworkContext.MAX_LAYERS) {
      net.countLayers(steps.size(), s.location());
    }
  }

  private int count(Expr e, Env env, String what) {
    int n = integer(e, env, what);
    if (n < 0) {
      net.diagnostics.error(DiagnosticCode.INVALID_VALUE, e.location(), what + " must not be negative, found " + n,
          "use 0 to leave the element out");
      throw new Failed();
    }
    if (n > MAX_REPEAT) {
      tooMany(e.location(), n);
    }
    return n;
  }

  private void tooMany(Location at, long n) {
    net.diagnostics.error(DiagnosticCode.TOO_LARGE, at, "repeating " + n + " times is more than the limit of " + MAX_REPEAT,
        "networks of this size cannot be trained; check the expression");
    throw new Failed();
  }

  private int integer(Expr e, Env env, String what) {
    return net.evaluator.integer(net.evaluator.eval(e, env), e, env, what).orElseThrow(Failed::new);
  }

  /** Resolves and binds one call; {@code inChain} when the chain's tensor is its input. */
  private Step call(String name, List<Argument> arguments, Location at, Env env, boolean inChain) {
    Callee callee = Callee.resolve(name, at, body.scope, net.diagnostics).orElseThrow(Failed::new);
    List<ArgumentList> lists = new ArrayList<>(callee.presetArguments());
    lists.add(new ArgumentList(arguments, env));
    Map<String, Inline> inline = new LinkedHashMap<>();
    ArgumentBinder.TensorResolver tensors = new ArgumentBinder.TensorResolver() {
      @Override
      public String resolve(String n, Location loc) {
        return body.tensor(n, loc, true);
      }

      @Override
      public String inline(Expr.Inline chain, Env argumentsEnv) {
        // a key no tensor can have (names are identifiers), replaced at emission
        String key = "(chain " + (inline.size() + 1) + ")";
        inline.put(key, new Inline(chain.chain(), argumentsEnv));
        return key;
      }
    };
    if (callee.isBlock()) {
      String chainParameter = null;
      if (inChain) {
        chainParameter = callee.chainParameter().orElse(null);
        if (chainParameter == null) {
          net.diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, at,
              "block " + callee.block().name() + " has no tensor parameter, so it cannot be applied in a chain",
              "declare its input first, e.g. block " + callee.block().name() + "(x: tensor, …)");
          throw new Failed();
        }
      }
      Binding binding = net.binder.bind(callee.signature(), name, lists, chainParameter, at, tensors)
          .orElseThrow(Failed::new);
      return new BlockStep(callee, binding.values(), inline, chainParameter, at);
    }
    BuiltinLayers.Builtin builtin = callee.builtin();
    if (!inChain && !builtin.isMerge()) {
      net.diagnostics.error(DiagnosticCode.MISSING_ARGUMENT, at, name + " has no input tensor",
          "apply it to a tensor: x -> " + name + (arguments.isEmpty() ? "" : "(…)"));
      throw new Failed();
    }
    Binding binding = net.binder.bind(builtin.signature(), name, lists, inChain && builtin.isMerge() ? "tensors" : null,
        at, tensors).orElseThrow(Failed::new);
    LayerArguments args = new LayerArguments(name, binding.values(), net.diagnostics);
    Op op = builtin.factory().apply(args);
    if (args.failed()) {
      throw new Failed();
    }
    return new LayerStep(op, binding.tensors(), inline, inChain, at);
  }

  // ---- emission -------------------------------------------------------------------------------

  private String emit(List<Step> steps, String input, String definedName) {
    String current = input;
    for (int i = 0; i < steps.size(); i++) {
      String name = i == steps.size() - 1 ? definedName : null;
      Step step = steps.get(i);
      if (step instanceof LayerStep l) {
        List<String> inputs = new ArrayList<>();
        if (l.chainInput()) {
          inputs.add(current);
        }
        for (String extra : l.extraInputs()) {
          String tensor = built(extra, l.inline());
          if (tensor == null) {
            return null;
          }
          inputs.add(tensor);
        }
        String layerName = name != null ? net.builder.uniqueName(body.prefix + name) : next(BuiltinLayers.kindOf(l.op()));
        net.countLayers(1, l.location());
        current = net.builder.layer(layerName, l.op(), inputs, l.location(), body::isReserved);
      } else {
        BlockStep b = (BlockStep) step;
        String instance = name != null ? name : next(b.callee().block().name()).substring(body.prefix.length());
        Map<String, Value> values = new LinkedHashMap<>();
        Map<String, Location> locations = new LinkedHashMap<>();
        for (Map.Entry<String, Bound> v : b.values().entrySet()) {
          Value value = v.getValue().value();
          if (value instanceof Value.TensorV t && b.inline().containsKey(t.tensor())) {
            String tensor = built(t.tensor(), b.inline());
            if (tensor == null) {
              return null;
            }
            value = new Value.TensorV(t.name(), tensor);
          }
          values.put(v.getKey(), value);
        }
        if (b.chainParameter() != null) {
          values.put(b.chainParameter(), new Value.TensorV(b.chainParameter(), current));
        }
        for (SpecFile.Param p : b.callee().block().params()) {
          locations.put(p.name(), p.location());
        }
        current = instantiate(b, body.prefix + instance + "/", values, locations);
        if (current == null) {
          return null;
        }
      }
    }
    return current;
  }

  /** The graph tensor of a step's input: itself, or the chain argument it stands for, built now. */
  private String built(String input, Map<String, Inline> inline) {
    Inline chain = inline.get(input);
    return chain == null ? input : elaborate(chain.chain(), null, chain.env());
  }

  private String instantiate(BlockStep b, String prefix, Map<String, Value> values, Map<String, Location> locations) {
    SpecFile.Block block = b.callee().block();
    net.builder.block(prefix.substring(0, prefix.length() - 1), block.name(), b.location());
    net.enterBlock(block.name(), b.location());
    try {
      BodyElaborator child = new BodyElaborator(net, b.callee().home(), prefix, "block " + block.name(), true,
          values, locations);
      return child.runBlock(block.body(), block.location(), block.name());
    } finally {
      net.exitBlock();
    }
  }

  /** {@code <kind>_<k>} with the next free k of this scope. */
  private String next(String kind) {
    int k = counters.getOrDefault(kind, 0);
    while (true) {
      k++;
      String candidate = body.prefix + kind + "_" + k;
      if (!net.builder.isTaken(candidate) && !body.isReserved(candidate)) {
        counters.put(kind, k);
        return candidate;
      }
    }
  }
}
