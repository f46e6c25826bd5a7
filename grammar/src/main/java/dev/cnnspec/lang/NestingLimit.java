package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.lang.antlr.CnnSpecLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The documented nesting limit ({@value #MAX_NESTING} levels, docs/language.md "Limits"), checked
 * with loops before anything recurses. ANTLR's recursive-descent parser, the tree builder and the
 * evaluator each recurse once per level of nesting, so without a limit 20,000 {@code (} or a long
 * run of unary minus overflow the Java stack.
 *
 * <p>Two checks. {@link #scan} runs on the tokens, before parsing, and counts what makes the
 * parser recurse: open brackets and braces, and prefix {@code -}/{@code !}, right-associative
 * {@code ^} and {@code ?:}, and {@code else if}, each of which nests until its bracket closes or
 * the next statement or argument starts. {@link #tooDeep} runs on the parse tree and catches what
 * nests without brackets ({@code l[0][0]…[0]}); it does not count the left spine of an operator
 * chain, which every stage walks with a loop (a 3,000-term sum is fine). Both report E0102 at the
 * token where the limit is passed.
 */
final class NestingLimit {
  static final int MAX_NESTING = 200;
  /** Parse-tree levels: a level of nesting costs the tree a few contexts; statements add ~10. */
  static final int MAX_TREE_DEPTH = 4 * MAX_NESTING + 50;

  private NestingLimit() {}

  /** Reports and returns true if the tokens nest deeper than the limit. */
  static boolean scan(String path, List<Token> tokens, Diagnostics diagnostics) {
    Deque<int[]> frames = new ArrayDeque<>(); // per open bracket: the operators nesting inside it
    int[] top = {0};
    Token previous = null;
    for (Token t : tokens) {
      if (t.getChannel() != Token.DEFAULT_CHANNEL) {
        continue;
      }
      int type = t.getType();
      if (isOpen(type)) {
        frames.push(top);
        top = new int[] {0};
      } else if (isClose(type)) {
        top = frames.isEmpty() ? new int[] {0} : frames.pop();
      } else if (startsAnExpression(type, previous)) {
        top[0] = 0;
      } else if (nests(type, previous)) {
        top[0]++;
      }
      int depth = frames.size() + top[0];
      for (int[] f : frames) {
        depth += f[0];
      }
      if (depth > MAX_NESTING) {
        report(path, t, diagnostics);
        return true;
      }
      previous = t;
    }
    return false;
  }

  /**
   * The first parse-tree node deeper than {@link #MAX_TREE_DEPTH}, not counting the step from a
   * binary operator to its left operand.
   */
  static Optional<Token> tooDeep(ParseTree root) {
    Deque<ParseTree> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(0);
    while (!nodes.isEmpty()) {
      ParseTree node = nodes.pop();
      int depth = depths.pop();
      if (depth > MAX_TREE_DEPTH && node instanceof ParserRuleContext ctx) {
        return Optional.ofNullable(ctx.getStart());
      }
      for (int i = 0; i < node.getChildCount(); i++) {
        ParseTree child = node.getChild(i);
        boolean leftSpine = node instanceof dev.cnnspec.lang.antlr.CnnSpecParser.BinaryExprContext && i == 0;
        nodes.push(child);
        depths.push(leftSpine ? depth : depth + 1);
      }
    }
    return Optional.empty();
  }

  static void report(String path, Token t, Diagnostics diagnostics) {
    diagnostics.error(DiagnosticCode.NESTING_TOO_DEEP, TokenLocations.of(path, t),
        "nesting deeper than " + MAX_NESTING + " levels at `" + clip(t.getText()) + "`",
        "brackets, braces, prefix operators, ^, ?: and else-if chains may nest " + MAX_NESTING
            + " levels; split the expression with `let`, or the chain into named tensors");
  }

  private static String clip(String text) {
    return text == null ? "" : text.length() > 20 ? text.substring(0, 20) + "…" : text;
  }

  private static boolean isOpen(int type) {
    return type == CnnSpecLexer.LPAREN || type == CnnSpecLexer.LBRACK || type == CnnSpecLexer.LBRACE;
  }

  private static boolean isClose(int type) {
    return type == CnnSpecLexer.RPAREN || type == CnnSpecLexer.RBRACK || type == CnnSpecLexer.RBRACE;
  }

  /** Tokens after which the parser has returned from what nested before (a new statement, argument, element). */
  private static boolean startsAnExpression(int type, Token previous) {
    return switch (type) {
      case CnnSpecLexer.COMMA, CnnSpecLexer.ASSIGN, CnnSpecLexer.ARROW, CnnSpecLexer.LET, CnnSpecLexer.OUTPUT,
          CnnSpecLexer.INPUT, CnnSpecLexer.RETURN, CnnSpecLexer.ASSERT, CnnSpecLexer.IMPORT, CnnSpecLexer.LAYER,
          CnnSpecLexer.BLOCK, CnnSpecLexer.NETWORK, CnnSpecLexer.WHEN, CnnSpecLexer.FOR, CnnSpecLexer.LOSS,
          CnnSpecLexer.WEIGHT -> true;
      case CnnSpecLexer.IF -> previous == null || previous.getType() != CnnSpecLexer.ELSE;
      default -> false;
    };
  }

  private static boolean nests(int type, Token previous) {
    return switch (type) {
      case CnnSpecLexer.CARET, CnnSpecLexer.QUESTION, CnnSpecLexer.ELSE, CnnSpecLexer.BANG -> true;
      case CnnSpecLexer.MINUS -> previous == null || !endsAValue(previous.getType()); // prefix minus
      default -> false;
    };
  }

  private static boolean endsAValue(int type) {
    return type == CnnSpecLexer.INT || type == CnnSpecLexer.FLOAT || type == CnnSpecLexer.ID
        || type == CnnSpecLexer.TRUE || type == CnnSpecLexer.FALSE || type == CnnSpecLexer.RPAREN
        || type == CnnSpecLexer.RBRACK || type == CnnSpecLexer.STRING;
  }
}
