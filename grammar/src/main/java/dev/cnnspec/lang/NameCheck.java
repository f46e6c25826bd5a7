package dev.cnnspec.lang;

import dev.cnnspec.diag.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Name resolution that does not depend on parameter values (issue 10 item 7): every call in every
 * body of a file — both branches of each {@code if}, elements under {@code when false}, {@code * 0}
 * or an empty range, blocks nobody calls — has its layer, preset or block name resolved (E0201)
 * and its named arguments checked against the signature (E0202). Elaboration then evaluates only
 * what the parameters select; a call it reaches too gets the same diagnostic, which the
 * {@link Elaborator} reports once. Nothing is evaluated here, so nothing can cascade.
 */
final class NameCheck {
  private final Diagnostics diagnostics;
  private final ArgumentBinder binder;
  private FileScope scope;

  NameCheck(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    ExpressionEvaluator evaluator = new ExpressionEvaluator(diagnostics);
    this.binder = new ArgumentBinder(diagnostics, evaluator, new Coercion(diagnostics));
  }

  void file(SpecFile file, FileScope scope) {
    this.scope = scope;
    for (SpecFile.Declaration d : file.declarations()) {
      if (d instanceof SpecFile.Block b) {
        statements(b.body());
      } else if (d instanceof SpecFile.Network n) {
        statements(n.body());
      }
    }
  }

  private void statements(List<Statement> body) {
    for (Statement s : body) {
      if (s instanceof Statement.Define d) {
        chain(d.chain());
      } else if (s instanceof Statement.Output o) {
        chain(o.chain());
      } else if (s instanceof Statement.Return r) {
        chain(r.chain());
      } else if (s instanceof Statement.If i) {
        statements(i.then());
        statements(i.otherwise());
      }
    }
  }

  private void chain(Chain c) {
    if (c.head() instanceof Chain.CallTerm call) {
      call(call.name(), call.arguments(), call.location(), false);
    } else if (c.head() instanceof Chain.ParenTerm p) {
      chain(p.chain());
    }
    c.elements().forEach(this::element);
  }

  private void element(Chain.Element e) {
    if (e instanceof Chain.LayerElement l) {
      call(l.name(), l.argumentList(), l.location(), true);
    } else {
      ((Chain.GroupElement) e).elements().forEach(this::element);
    }
  }

  /** As {@link ChainElaborator}'s call: the same label and chain parameter, hence the same messages. */
  private void call(String name, List<Argument> arguments, dev.cnnspec.diag.Location at, boolean inChain) {
    for (Argument argument : arguments) {
      if (argument.value() instanceof Expr.Inline inline) {
        chain(inline.chain());
      }
    }
    Optional<Callee> callee = Callee.resolve(name, at, scope, diagnostics);
    if (callee.isEmpty()) {
      return;
    }
    Callee c = callee.get();
    String chainParameter = c.isBlock() ? (inChain ? c.chainParameter().orElse(null) : null)
        : (inChain && c.builtin().isMerge() ? "tensors" : null);
    List<ArgumentBinder.ArgumentList> lists = new ArrayList<>(c.presetArguments());
    lists.add(new ArgumentBinder.ArgumentList(arguments, Env.EMPTY));
    binder.checkNames(c.signature(), name, lists, chainParameter);
  }
}
