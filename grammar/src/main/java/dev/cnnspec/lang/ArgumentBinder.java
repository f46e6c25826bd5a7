package dev.cnnspec.lang;

import dev.cnnspec.diag.Suggestions;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.LayerArguments.Bound;
import dev.cnnspec.lang.Signature.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds argument lists to a signature, Python-style: positional arguments fill the parameters not
 * yet bound, in order; named ones bind by name. Presets are partial application, so a call is a
 * stack of argument lists (the preset's, then the call's): a later list's positional arguments
 * skip what earlier lists bound, and its named arguments may override them (as
 * {@code functools.partial} does). Reports E0202, E0205, E0207, E0208 and type errors.
 */
final class ArgumentBinder {

  /** One argument list and the environment its expressions are evaluated in. */
  record ArgumentList(List<Argument> arguments, Env env) {}

  /** Resolves a tensor argument to its graph tensor; null after reporting an error. */
  interface TensorResolver {
    String resolve(String name, Location at);

    /**
     * A chain written as the argument, its expressions evaluated in {@code env}. Only calls in a
     * chain take tensors: elsewhere (a network's parameters, which cannot be tensors and were
     * reported as such) there is nothing to build.
     */
    default String inline(Expr.Inline chain, Env env) {
      return null;
    }
  }

  /** The bound values, and the tensors of a variadic parameter (add, concat) in order. */
  record Binding(Map<String, Bound> values, List<String> tensors) {}

  private final Diagnostics diagnostics;
  private final ExpressionEvaluator evaluator;
  private final Coercion coercion;

  ArgumentBinder(Diagnostics diagnostics, ExpressionEvaluator evaluator, Coercion coercion) {
    this.diagnostics = diagnostics;
    this.evaluator = evaluator;
    this.coercion = coercion;
  }

  /**
   * @param label the callee as the user wrote it ("conv3")
   * @param chainParameter the parameter bound to the chain's tensor, or null
   */
  /**
   * Reports the named arguments {@code signature} does not have, without evaluating anything: the
   * check of a call in a branch that is off for the current parameters (issue 10 item 7). The
   * messages are those {@link #bind} gives, so a call checked both ways is reported once.
   */
  void checkNames(Signature signature, String label, List<ArgumentList> lists, String chainParameter) {
    for (ArgumentList list : lists) {
      for (Argument argument : list.arguments()) {
        if (argument.isNamed()) {
          Optional<Parameter> found = signature.parameter(argument.name().get());
          if (found.isEmpty() || found.get().type() == ValueType.TENSORS) {
            unknownArgument(signature, label, chainParameter, argument);
          }
        }
      }
    }
  }

  private void unknownArgument(Signature signature, String label, String chainParameter, Argument argument) {
    String name = argument.name().orElseThrow();
    String suggestion = Suggestions.didYouMean(name, signature.names());
    diagnostics.error(DiagnosticCode.UNKNOWN_ARGUMENT, argument.location(), label + " has no argument `" + name + "`",
        (suggestion.isEmpty() ? "" : suggestion + " ") + label + " is " + spelledFor(signature, label, chainParameter));
  }

  Optional<Binding> bind(Signature signature, String label, List<ArgumentList> lists, String chainParameter,
      Location callAt, TensorResolver tensors) {
    List<Parameter> params = signature.parameters();
    Map<String, Bound> bound = new LinkedHashMap<>();
    List<String> variadic = new ArrayList<>();
    boolean ok = true;
    for (ArgumentList list : lists) {
      Set<String> thisList = new HashSet<>();
      int next = 0;
      boolean sawNamed = false;
      for (Argument argument : list.arguments()) {
        Parameter param;
        if (!argument.isNamed()) {
          if (sawNamed) {
            diagnostics.error(DiagnosticCode.TOO_MANY_ARGUMENTS, argument.location(),
                "positional argument after a named argument in the call of " + label,
                "write positional arguments first: " + signature.spelled());
            ok = false;
            continue;
          }
          if (params.size() == 1 && params.get(0).type() == ValueType.TENSORS) {
            String tensor = tensorArgument(argument, params.get(0), label, tensors, list.env());
            ok &= tensor != null;
            variadic.add(tensor);
            continue;
          }
          while (next < params.size() && (bound.containsKey(params.get(next).name())
              || params.get(next).name().equals(chainParameter))) {
            next++;
          }
          if (next == params.size()) {
            int accepted = (int) list.arguments().subList(0, list.arguments().indexOf(argument)).stream()
                .filter(a -> !a.isNamed()).count();
            diagnostics.error(DiagnosticCode.TOO_MANY_ARGUMENTS, argument.location(),
                "too many arguments for " + label + ": it takes " + accepted + " positional argument"
                    + (accepted == 1 ? "" : "s") + " here",
                "remove the extra arguments; " + label + " is " + spelledFor(signature, label, chainParameter));
            ok = false;
            break;
          }
          param = params.get(next++);
        } else {
          sawNamed = true;
          String name = argument.name().orElseThrow();
          Optional<Parameter> found = signature.parameter(name);
          if (found.isEmpty() || found.get().type() == ValueType.TENSORS) {
            unknownArgument(signature, label, chainParameter, argument);
            ok = false;
            continue;
          }
          param = found.get();
          if (name.equals(chainParameter)) {
            diagnostics.error(DiagnosticCode.DUPLICATE_ARGUMENT, argument.location(),
                "argument `" + name + "` of " + label + " is already the chain's input tensor",
                "drop `" + name + ":`, or call " + label + "(…) at the start of a chain with all its tensors");
            ok = false;
            continue;
          }
          if (thisList.contains(name)) {
            diagnostics.error(DiagnosticCode.DUPLICATE_ARGUMENT, argument.location(),
                "argument `" + name + "` of " + label + " is given twice", "keep one of them");
            ok = false;
            continue;
          }
        }
        thisList.add(param.name());
        Optional<Value> value = value(argument, param, label, list.env(), tensors);
        if (value.isEmpty()) {
          ok = false;
          thisList.add(param.name());
          continue;
        }
        bound.put(param.name(), new Bound(value.get(), argument.location()));
      }
      if (!ok) {
        return Optional.empty();
      }
    }
    for (Parameter param : params) {
      if (bound.containsKey(param.name()) || param.name().equals(chainParameter) || param.optional()) {
        continue;
      }
      if (param.defaultValue().isPresent()) {
        bound.put(param.name(), new Bound(param.defaultValue().get(), callAt));
      } else if (param.defaultExpr().isPresent()) {
        Expr expr = param.defaultExpr().get();
        Env env = valuesEnv(bound, signature);
        Optional<Value> v = coercion.coerce(evaluator.eval(expr, env), param.type(), expr.location(), env,
            "the default of `" + param.name() + "`");
        if (v.isEmpty()) {
          return Optional.empty();
        }
        bound.put(param.name(), new Bound(v.get(), callAt));
      } else if (param.type() == ValueType.TENSORS) {
        if (variadic.size() + (chainParameter != null ? 1 : 0) < 2) {
          diagnostics.error(DiagnosticCode.MISSING_ARGUMENT, callAt,
              label + " needs at least two tensors, found " + (variadic.size() + (chainParameter != null ? 1 : 0)),
              chainParameter != null ? "write x -> " + label + "(y)" : "write " + label + "(x, y)");
          ok = false;
        }
      } else if (label.startsWith("network ")) {
        diagnostics.error(DiagnosticCode.MISSING_ARGUMENT, callAt,
            label + " needs a value for its parameter `" + param.name() + "`",
            "give it a default (" + param.name() + ": " + param.type().spelled() + " = …) or set it: --set "
                + param.name() + "=…");
        ok = false;
      } else {
        diagnostics.error(DiagnosticCode.MISSING_ARGUMENT, callAt,
            label + " is missing the required argument `" + param.name() + "`",
            "pass " + param.name() + " (" + Coercion.article(param.type()) + "); " + label + " is "
                + spelledFor(signature, label, chainParameter));
        ok = false;
      }
    }
    return ok ? Optional.of(new Binding(bound, variadic)) : Optional.empty();
  }

  private Optional<Value> value(Argument argument, Parameter param, String label, Env env, TensorResolver tensors) {
    if (param.type() == ValueType.TENSOR) {
      String tensor = tensorArgument(argument, param, label, tensors, env);
      String spelled = argument.value() instanceof Expr.Name n ? n.name() : "(chain)";
      return tensor == null ? Optional.empty() : Optional.of(new Value.TensorV(spelled, tensor));
    }
    Value v = evaluator.eval(argument.value(), env);
    return coercion.coerce(v, param.type(), argument.value().location(), env,
        "argument `" + param.name() + "` of " + label);
  }

  private String tensorArgument(Argument argument, Parameter param, String label, TensorResolver tensors, Env env) {
    if (argument.value() instanceof Expr.Name n && env.lookup(n.name(), n.location()).isEmpty()) {
      return tensors.resolve(n.name(), n.location());
    }
    if (argument.value() instanceof Expr.Inline chain) {
      return tensors.inline(chain, env);
    }
    String what = param.type() == ValueType.TENSORS ? "the arguments of " + label : "argument `" + param.name() + "` of " + label;
    diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_TYPE, argument.value().location(),
        what + " must be tensors", "pass a tensor's name (an input, a definition) or a chain such as x -> conv(8, 1)");
    return null;
  }

  private static String spelledFor(Signature signature, String label, String chainParameter) {
    List<String> parts = new ArrayList<>();
    for (Parameter p : signature.parameters()) {
      if (!p.name().equals(chainParameter)) {
        parts.add(p.type() == ValueType.TENSORS ? "tensors…" : p.spelled());
      }
    }
    return label + "(" + String.join(", ", parts) + ")";
  }

  /** The bound values, for a default expression; a tensor parameter, bound or not, has no shape yet. */
  private Env valuesEnv(Map<String, Bound> bound, Signature signature) {
    return new Env() {
      @Override
      public Optional<Value> lookup(String name, Location at) {
        Bound b = bound.get(name);
        return b == null || b.value() instanceof Value.TensorV ? Optional.empty() : Optional.of(b.value());
      }

      @Override
      public boolean isTensor(String name) {
        return bound.get(name) != null && bound.get(name).value() instanceof Value.TensorV
            || signature.parameter(name).map(p -> p.type() == ValueType.TENSOR).orElse(false);
      }

      @Override
      public Optional<dev.cnnspec.model.Shape> shape(String name, Location at) {
        diagnostics.error(DiagnosticCode.SHAPE_QUERY, at,
            "the default of a parameter cannot ask for the shape of tensor `" + name + "`",
            "compute it in the block's body instead: let c = " + name + ".channels");
        return Optional.empty();
      }

      @Override
      public Collection<String> names() {
        return bound.keySet();
      }
    };
  }
}
