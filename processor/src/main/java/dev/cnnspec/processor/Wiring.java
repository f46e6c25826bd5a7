package dev.cnnspec.processor;

import dev.cnnspec.diag.DiagnosticCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.VariableElement;

/**
 * Resolves the names of a network interface: each parameter must name a method of the interface,
 * each method must read as many tensors as its layer takes, and nothing may depend on itself. The
 * result is the methods in dependency order, because a person writes them in any order but the
 * graph lists every layer after the layers it reads. Methods with an unresolvable name are left out
 * (after a report naming the parameter and the closest existing method).
 */
final class Wiring {
  private enum State { VISITING, DONE, BAD }

  private final Map<String, MethodDeclaration> decls;
  private final Reporter reporter;
  private final Map<String, State> state = new HashMap<>();
  private final List<MethodDeclaration> order = new ArrayList<>();

  Wiring(Map<String, MethodDeclaration> decls, Reporter reporter) {
    this.decls = decls;
    this.reporter = reporter;
  }

  List<MethodDeclaration> order() {
    if (order.isEmpty()) {
      decls.values().forEach(this::visit);
    }
    return List.copyOf(order);
  }

  private boolean visit(MethodDeclaration d) {
    State s = state.get(d.name());
    if (s == State.DONE) {
      return true;
    }
    if (s == State.BAD) {
      return false;
    }
    if (s == State.VISITING) {
      reporter.error(DiagnosticCode.CYCLE, d.method(), d.name() + " depends on itself",
          "a network is acyclic: make one of the methods on the cycle read an earlier tensor");
      state.put(d.name(), State.BAD);
      return false;
    }
    state.put(d.name(), State.VISITING);
    boolean ok = arityOk(d);
    for (VariableElement p : d.parameters()) {
      String name = p.getSimpleName().toString();
      MethodDeclaration read = decls.get(name);
      if (read == null) {
        reporter.error(DiagnosticCode.UNKNOWN_INPUT, p, d.name() + " reads " + name
            + ", but no method of the network is named " + name, suggestion(name));
        ok = false;
      } else if (!visit(read)) {
        ok = false;
      }
    }
    if (state.get(d.name()) == State.BAD) {
      return false;
    }
    state.put(d.name(), ok ? State.DONE : State.BAD);
    if (ok) {
      order.add(d);
    }
    return ok;
  }

  private boolean arityOk(MethodDeclaration d) {
    int n = d.parameters().size();
    if (d.isInput()) {
      return true;
    }
    boolean many = d.isLayer() && (d.layer().equals("Add") || d.layer().equals("Concat") || d.layer().equals("Multiply"));
    if (many ? n >= 2 : n == 1) {
      return true;
    }
    String what = d.isLayer() ? "@" + d.layer() : "an @Output without a layer";
    reporter.error(DiagnosticCode.INVALID_ANNOTATION, d.method(), d.isLayer() ? d.layerMirror() : d.output(),
        null, what + " reads " + (many ? "two or more tensors" : "exactly one tensor") + ", but "
            + d.name() + " has " + n + " parameter" + (n == 1 ? "" : "s"),
        "name the tensors it reads as parameters, e.g. Spatial c1");
    return false;
  }

  private String suggestion(String name) {
    return decls.keySet().stream()
        .min(Comparator.comparingInt((String k) -> distance(k, name)).thenComparing(k -> k))
        .filter(k -> distance(k, name) <= Math.max(2, name.length() / 3))
        .map(k -> "did you mean " + k + "?")
        .orElse("a parameter's name is the name of the method that produces the tensor");
  }

  /** Levenshtein distance, for "did you mean". */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
