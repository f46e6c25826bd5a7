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
 * parser recurse: open brackets and braces; runs of prefix {@code -}/{@code !} (unwound by the next
 * infix operator), chains of right-associative {@code ^} (unwound by a looser operator) and of
 * {@code ?:}, and {@code else if} chains (unwound when the next statement or argument starts). A
 * product of 300 negative numbers does not nest; 300 {@code -} in a row do. {@link #tooDeep} runs on the parse tree and catches what
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
    // per open bracket: the levels its operators nest, by kind (prefix, ^, ?:, else)
    Deque<int[]> frames = new ArrayDeque<>();
    int[] top = new int[KINDS];
    int outer = 0; // the levels of the enclosing frames, kept as a running sum so each token costs O(1)
    Token previous = null;
    for (Token t : tokens) {
      if (t.getChannel() != Token.DEFAULT_CHANNEL) {
        continue;
      }
      int type = t.getType();
      if (isOpen(type)) {
        frames.push(top);
        outer += 1 + sum(top);
        top = new int[KINDS];
      } else if (isClose(type)) {
        if (frames.isEmpty()) {
          top = new int[KINDS]; // an unbalanced ')' is the parser's to report
        } else {
          top = frames.pop(); // unchanged since it was pushed, so it takes back what it added
          outer -= 1 + sum(top);
        }
      } else if (startsAnExpression(type, previous)) {
        java.util.Arrays.fill(top, 0);
      } else {
        count(top, type, previous);
      }
      int depth = outer + sum(top);
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

  private static final int PREFIX = 0;
  private static final int POWER = 1;
  private static final int TERNARY = 2;
  private static final int ELSE = 3;
  private static final int KINDS = 4;

  /** How {@code type} changes the pending recursion of its bracket's frame. */
  private static void count(int[] frame, int type, Token previous) {
    boolean prefix = (type == CnnSpecLexer.MINUS || type == CnnSpecLexer.BANG)
        && (previous == null || !endsAValue(previous.getType()));
    if (prefix) {
      frame[PREFIX]++;
    } else if (type == CnnSpecLexer.CARET) {
      frame[PREFIX] = 0;
      frame[POWER]++;
    } else if (type == CnnSpecLexer.QUESTION) {
      frame[PREFIX] = 0;
      frame[POWER] = 0;
      frame[TERNARY]++;
    } else if (type == CnnSpecLexer.ELSE) {
      frame[ELSE]++;
    } else if (isInfix(type)) {
      frame[PREFIX] = 0;
      frame[POWER] = 0;
    }
  }

  private static boolean isInfix(int type) {
    return switch (type) {
      case CnnSpecLexer.STAR, CnnSpecLexer.SLASH, CnnSpecLexer.PERCENT, CnnSpecLexer.PLUS, CnnSpecLexer.MINUS,
          CnnSpecLexer.EQ, CnnSpecLexer.NE, CnnSpecLexer.LT, CnnSpecLexer.LE, CnnSpecLexer.GT, CnnSpecLexer.GE,
          CnnSpecLexer.AND, CnnSpecLexer.OR, CnnSpecLexer.COLON, CnnSpecLexer.DOTDOT -> true;
      default -> false;
    };
  }

  private static int sum(int[] frame) {
    return frame[PREFIX] + frame[POWER] + frame[TERNARY] + frame[ELSE];
  }

  private static boolean endsAValue(int type) {
    return type == CnnSpecLexer.INT || type == CnnSpecLexer.FLOAT || type == CnnSpecLexer.ID
        || type == CnnSpecLexer.TRUE || type == CnnSpecLexer.FALSE || type == CnnSpecLexer.RPAREN
        || type == CnnSpecLexer.RBRACK || type == CnnSpecLexer.STRING;
  }
}
