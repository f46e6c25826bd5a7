package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.SpecFile.Declaration;
import dev.cnnspec.lang.antlr.CnnSpecParser;
import dev.cnnspec.lang.antlr.CnnSpecParser.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Turns ANTLR parse contexts into {@link SpecFile} records, with every position converted by
 * {@link TokenLocations}. Declarations whose subtree holds a syntax error
 * are skipped: the error was reported, and a half-parsed network would only cause follow-up errors.
 */
final class SpecAstBuilder {
  private final String path;

  SpecAstBuilder(String path) {
    this.path = path;
  }

  SpecFile build(FileContext file) {
    List<Declaration> declarations = new ArrayList<>();
    for (DeclarationContext d : file.declaration()) {
      if (!hasError(d)) {
        declarations.add(declaration(d));
      }
    }
    return new SpecFile(path, declarations);
  }

  /** With an explicit stack: a 3,000-term sum is a parse tree 3,000 levels deep. */
  static boolean hasError(ParseTree tree) {
    java.util.ArrayDeque<ParseTree> todo = new java.util.ArrayDeque<>();
    todo.push(tree);
    while (!todo.isEmpty()) {
      ParseTree t = todo.pop();
      if (t instanceof ErrorNode) {
        return true;
      }
      if (t instanceof ParserRuleContext ctx) {
        if (ctx.exception != null) {
          return true;
        }
        for (int i = 0; i < ctx.getChildCount(); i++) {
          todo.push(ctx.getChild(i));
        }
      }
    }
    return false;
  }

  private Declaration declaration(DeclarationContext d) {
    if (d instanceof ImportDeclContext i) {
      return new SpecFile.Import(unquote(i.STRING().getText()), at(i.STRING().getSymbol()));
    }
    if (d instanceof PresetDeclContext p) {
      return new SpecFile.Preset(p.name.getText(), at(p.name), p.target.getText(), at(p.target),
          p.callArgs() == null ? List.of() : arguments(p.callArgs()));
    }
    if (d instanceof BlockDeclContext b) {
      return new SpecFile.Block(b.name.getText(), at(b.name), params(b.paramList()), body(b.body()));
    }
    if (d instanceof NetworkDeclContext n) {
      return new SpecFile.Network(n.name.getText(), at(n.name), params(n.paramList()), body(n.body()));
    }
    NetworkInstanceDeclContext n = (NetworkInstanceDeclContext) d;
    return new SpecFile.NetworkInstance(n.name.getText(), at(n.name), n.target.getText(), at(n.target),
        arguments(n.callArgs()));
  }

  private List<SpecFile.Param> params(ParamListContext list) {
    List<SpecFile.Param> params = new ArrayList<>();
    if (list != null) {
      for (ParamContext p : list.param()) {
        TypeNameContext t = p.typeName();
        params.add(new SpecFile.Param(p.name.getText(),
            new SpecFile.TypeRef(t.ident().getText(), t.LBRACK() != null, at(t)),
            Optional.ofNullable(p.expr()).map(this::expr), at(p.name)));
      }
    }
    return params;
  }

  private List<Statement> body(BodyContext body) {
    List<Statement> statements = new ArrayList<>();
    for (StatementContext s : body.statement()) {
      statements.add(statement(s));
    }
    return statements;
  }

  private Statement statement(StatementContext s) {
    if (s instanceof InputStmtContext i) {
      return new Statement.Input(i.name.getText(), i.expr().stream().map(this::expr).toList(), at(i.name));
    }
    if (s instanceof LetStmtContext l) {
      return new Statement.Let(l.name.getText(), expr(l.expr()), at(l.name));
    }
    if (s instanceof OutputStmtContext o) {
      return new Statement.Output(o.name.getText(), chain(o.chain()), Optional.ofNullable(o.loss).map(
          ParserRuleContext::getText), o.loss == null ? at(o.name) : at(o.loss),
          Optional.ofNullable(o.weight).map(this::expr), at(o.name));
    }
    if (s instanceof ReturnStmtContext r) {
      return new Statement.Return(chain(r.chain()), at(r.RETURN().getSymbol()));
    }
    if (s instanceof AssertStmtContext a) {
      return new Statement.Assert(expr(a.expr()), unquote(a.STRING().getText()), at(a.ASSERT().getSymbol()));
    }
    if (s instanceof IfStmtContext i) {
      return ifStatement(i.ifStatement());
    }
    DefineStmtContext d = (DefineStmtContext) s;
    return new Statement.Define(d.name.getText(), chain(d.chain()), at(d.name));
  }

  private Statement.If ifStatement(IfStatementContext i) {
    List<Statement> otherwise = List.of();
    if (i.ifStatement() != null) {
      otherwise = List.of(ifStatement(i.ifStatement()));
    } else if (i.body().size() > 1) {
      otherwise = body(i.body(1));
    }
    return new Statement.If(expr(i.expr()), body(i.body(0)), otherwise, at(i.IF().getSymbol()));
  }

  private Chain chain(ChainContext c) {
    List<Chain.Element> elements = c.element().stream().map(this::element).toList();
    return new Chain(term(c.term()), elements, at(c));
  }

  private Chain.Term term(TermContext t) {
    if (t instanceof CallTermContext c) {
      return new Chain.CallTerm(c.name.getText(), arguments(c.callArgs()), at(c.name));
    }
    if (t instanceof NameTermContext n) {
      return new Chain.NameTerm(n.name.getText(), at(n.name));
    }
    ParenTermContext p = (ParenTermContext) t;
    return new Chain.ParenTerm(chain(p.chain()), at(p));
  }

  private Chain.Element element(ElementContext e) {
    if (e instanceof LayerElementContext l) {
      return new Chain.LayerElement(l.name.getText(),
          l.callArgs() == null ? Optional.empty() : Optional.of(arguments(l.callArgs())),
          l.suffix().stream().map(this::suffix).toList(), at(l.name));
    }
    GroupElementContext g = (GroupElementContext) e;
    return new Chain.GroupElement(g.element().stream().map(this::element).toList(),
        g.suffix().stream().map(this::suffix).toList(), at(g));
  }

  private Chain.Suffix suffix(SuffixContext s) {
    if (s instanceof RepeatSuffixContext r) {
      return new Chain.Repeat(expr(r.expr()), at(r));
    }
    if (s instanceof ForSuffixContext f) {
      return new Chain.For(f.var.getText(), expr(f.from), expr(f.to), at(f));
    }
    WhenSuffixContext w = (WhenSuffixContext) s;
    return new Chain.When(expr(w.expr()), at(w));
  }

  private List<Argument> arguments(CallArgsContext args) {
    List<Argument> out = new ArrayList<>();
    for (ArgumentContext a : args.argument()) {
      Expr value = a.expr() != null ? expr(a.expr()) : inline(a.inlineChain());
      out.add(new Argument(Optional.ofNullable(a.name).map(ParserRuleContext::getText), value, at(a)));
    }
    return out;
  }

  private Expr.Inline inline(InlineChainContext c) {
    if (c.chain() != null) {
      return new Expr.Inline(chain(c.chain()), at(c));
    }
    List<Chain.Element> elements = c.element().stream().map(this::element).toList();
    return new Expr.Inline(new Chain(term(c.term()), elements, at(c)), at(c));
  }

  private Expr expr(ExprContext e) {
    if (e instanceof TernaryExprContext t) {
      return new Expr.Ternary(expr(t.expr(0)), expr(t.expr(1)), expr(t.expr(2)), at(t.getChild(1)));
    }
    if (e instanceof BinaryExprContext b) {
      return binary(b);
    }
    if (e instanceof UnaryExprContext u) {
      return new Expr.Unary(Expr.UnaryOp.of(u.op.getText()), expr(u.expr()), at(u.op));
    }
    if (e instanceof IndexExprContext i) {
      return new Expr.Index(expr(i.expr(0)), expr(i.expr(1)), at(i.getChild(1)));
    }
    if (e instanceof PropertyExprContext p) {
      return new Expr.ShapeOf(p.name.getText(), p.property.getText(), at(p.name), at(p.property));
    }
    if (e instanceof CallExprContext c) {
      return new Expr.Call(c.name.getText(), c.expr().stream().map(this::expr).toList(), at(c.name));
    }
    if (e instanceof ListExprContext l) {
      return new Expr.ListLit(l.expr().stream().map(this::expr).toList(), at(l));
    }
    if (e instanceof ParenExprContext p) {
      return expr(p.expr());
    }
    if (e instanceof IntExprContext i) {
      BigInteger value = new BigInteger(i.getText());
      long clamped = value.bitLength() < 64 ? value.longValue() : Long.MAX_VALUE;
      return new Expr.IntLit(clamped, i.getText(), at(i));
    }
    if (e instanceof FloatExprContext f) {
      return new Expr.FloatLit(Double.parseDouble(f.getText()), at(f));
    }
    if (e instanceof BoolExprContext b) {
      return new Expr.BoolLit(b.TRUE() != null, at(b));
    }
    NameExprContext n = (NameExprContext) e;
    return new Expr.Name(n.getText(), at(n));
  }

  /**
   * ANTLR parses {@code a + b + … + z} with a loop into a left-deep tree; it is rebuilt here along
   * its left spine with a loop too, so that no recursion follows the number of terms.
   */
  private Expr binary(BinaryExprContext top) {
    java.util.ArrayDeque<BinaryExprContext> spine = new java.util.ArrayDeque<>();
    ExprContext leftmost = top;
    while (leftmost instanceof BinaryExprContext b) {
      spine.push(b);
      leftmost = b.expr(0);
    }
    Expr result = expr(leftmost);
    while (!spine.isEmpty()) {
      BinaryExprContext b = spine.pop();
      result = new Expr.Binary(Expr.BinaryOp.of(b.op.getText()), result, expr(b.expr(1)), at(b.op));
    }
    return result;
  }

  private static String unquote(String literal) {
    String body = literal.substring(1, literal.length() - 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char next = body.charAt(++i);
        out.append(switch (next) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> next;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private Location at(ParseTree tree) {
    if (tree instanceof ParserRuleContext ctx) {
      return at(ctx.getStart());
    }
    return at(((org.antlr.v4.runtime.tree.TerminalNode) tree).getSymbol());
  }

  private Location at(Token t) {
    return TokenLocations.of(path, t);
  }
}
