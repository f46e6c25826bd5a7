package dev.cnnspec.lang;

import dev.cnnspec.lang.antlr.CnnSpecParser;
import dev.cnnspec.lang.antlr.CnnSpecParser.*;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's view of a syntax error (the offending token, the expected token set, the rule
 * stack) into a sentence a user can act on: what was expected, in which construct, and what was
 * found instead, e.g. "expected ')' to close the argument list of conv, found `maxpool`".
 */
final class SyntaxErrorMessages {

  record Message(String text, String hint, boolean missingCloser) {}

  private SyntaxErrorMessages() {}

  static Message expected(Parser parser, Token found, IntervalSet expecting) {
    Message lexical = lexical(found);
    if (lexical != null) {
      return lexical;
    }
    Where where = where(parser.getContext());
    boolean closes = where.closer != 0 && expecting != null && expecting.contains(where.closer);
    String text = "expected " + describe(expecting)
        + (where.phrase.isEmpty() ? "" : (closes ? " to close " : " in ") + where.phrase)
        + ", found " + describe(found);
    return new Message(text, hintFor(found, where), closes);
  }

  static Message unexpected(Parser parser, Token found, IntervalSet expecting) {
    Message lexical = lexical(found);
    if (lexical != null) {
      return lexical;
    }
    Where where = where(parser.getContext());
    if (where.closer != 0 && expecting != null && expecting.contains(where.closer)) {
      return expected(parser, found, expecting);
    }
    String text = "unexpected " + describe(found) + (where.phrase.isEmpty() ? "" : " in " + where.phrase)
        + "; expected " + describe(expecting);
    return new Message(text, hintFor(found, where), false);
  }

  static Message unclosedBody(Parser parser) {
    ParserRuleContext body = parser.getContext();
    while (body != null && !(body instanceof BodyContext)) {
      body = body.getParent();
    }
    String phrase = body == null ? "the body" : "the body of " + declarationName(body);
    return new Message("expected '}' to close " + phrase + " before the next declaration",
        "add the missing '}'", true);
  }

  /** The token if the lexer could not make a real token of it (bad character, open string or comment). */
  static Token lexicalProblem(Token t) {
    return lexical(t) != null ? t : null;
  }

  private static Message lexical(Token t) {
    if (t == null) {
      return null;
    }
    return switch (t.getType()) {
      case CnnSpecParser.UNTERMINATED_STRING -> new Message("unterminated string",
          "close the string with \" on the same line", false);
      case CnnSpecParser.UNTERMINATED_COMMENT -> new Message("unterminated comment",
          "close the comment with */", false);
      default -> null;
    };
  }

  private static String hintFor(Token found, Where where) {
    if (!where.hint.isEmpty()) {
      return where.hint;
    }
    if (found.getType() == CnnSpecParser.ASSIGN && where.inArguments) {
      return "arguments are named with ':', as in conv(6, kernel: 5)";
    }
    if (where.closer == CnnSpecParser.RPAREN) {
      return "check that every '(' has its ')' and that arguments are separated by ','";
    }
    if (where.closer == CnnSpecParser.RBRACE) {
      return "each statement is input, let, output, return, assert, if, or NAME = CHAIN";
    }
    return "";
  }

  /** The construct being parsed: a phrase naming it, its closing token (0 if none), a hint of its own. */
  private record Where(String phrase, int closer, boolean inArguments, String hint) {
    Where(String phrase, int closer, boolean inArguments) {
      this(phrase, closer, inArguments, "");
    }
  }

  private static Where where(ParserRuleContext ctx) {
    for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
      if (c instanceof PropertyExprContext p) {
        return new Where("`" + text(p.name) + ".`", 0, false,
            "a tensor's shape property is one of " + String.join(", ", TensorProperty.spellings()) + ": "
                + text(p.name) + ".channels");
      }
      if (c instanceof CallArgsContext) {
        return new Where("the argument list of " + calleeName(c.getParent()), CnnSpecParser.RPAREN, true);
      }
      if (c instanceof ArgumentContext) {
        continue;
      }
      if (c instanceof CallExprContext call) {
        return new Where("the argument list of " + text(call.name), CnnSpecParser.RPAREN, true);
      }
      if (c instanceof ListExprContext) {
        return new Where("the list", CnnSpecParser.RBRACK, false);
      }
      if (c instanceof InputStmtContext input) {
        return new Where("the shape of input " + text(input.name), CnnSpecParser.RBRACK, false);
      }
      if (c instanceof ParamListContext || c instanceof ParamContext || c instanceof TypeNameContext) {
        return new Where("the parameter list of " + declarationName(c), CnnSpecParser.RPAREN, false);
      }
      if (c instanceof ParenTermContext || c instanceof ParenExprContext || c instanceof GroupElementContext) {
        return new Where("the parenthesised group", CnnSpecParser.RPAREN, false);
      }
      if (c instanceof BodyContext) {
        return new Where("the body of " + declarationName(c), CnnSpecParser.RBRACE, false);
      }
      if (c instanceof DefineStmtContext d) {
        return new Where("the definition of " + text(d.name), 0, false);
      }
      if (c instanceof OutputStmtContext o) {
        return new Where("output " + text(o.name), 0, false);
      }
      if (c instanceof LetStmtContext l) {
        return new Where("let " + text(l.name), 0, false);
      }
      if (c instanceof ReturnStmtContext) {
        return new Where("the return statement", 0, false);
      }
      if (c instanceof AssertStmtContext) {
        return new Where("the assert statement", 0, false);
      }
      if (c instanceof IfStatementContext) {
        return new Where("the if statement", 0, false);
      }
      if (c instanceof PresetDeclContext p) {
        return new Where(p.name == null || p.name.getText().isEmpty() ? "the layer declaration" : "layer " + text(p.name), 0, false);
      }
      if (c instanceof ImportDeclContext) {
        return new Where("the import", 0, false);
      }
      if (c instanceof BlockDeclContext b) {
        return new Where("block " + text(b.name), 0, false);
      }
      if (c instanceof NetworkDeclContext n) {
        return new Where("network " + text(n.name), 0, false);
      }
      if (c instanceof NetworkInstanceDeclContext n) {
        return new Where("network " + text(n.name), 0, false);
      }
    }
    return new Where("", 0, false);
  }

  private static String calleeName(ParserRuleContext owner) {
    if (owner instanceof LayerElementContext e) {
      return text(e.name);
    }
    if (owner instanceof CallTermContext t) {
      return text(t.name);
    }
    if (owner instanceof PresetDeclContext p) {
      return text(p.target);
    }
    if (owner instanceof NetworkInstanceDeclContext n) {
      return text(n.target);
    }
    return "the call";
  }

  private static String declarationName(ParserRuleContext c) {
    for (ParserRuleContext p = c; p != null; p = p.getParent()) {
      if (p instanceof BlockDeclContext b) {
        return "block " + text(b.name);
      }
      if (p instanceof NetworkDeclContext n) {
        return "network " + text(n.name);
      }
      if (p instanceof IfStatementContext && c instanceof BodyContext && c.getParent() == p) {
        return "the if branch";
      }
    }
    return "the declaration";
  }

  private static String text(IdentContext id) {
    return id == null || id.getText() == null || id.getText().isEmpty() ? "?" : id.getText();
  }

  static String describe(Token t) {
    if (t == null || t.getType() == Token.EOF) {
      return "end of file";
    }
    String text = t.getText();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "…"; // a 1 MB identifier is not echoed whole
    }
    return switch (t.getType()) {
      case CnnSpecParser.ID -> "`" + text + "`";
      case CnnSpecParser.INT, CnnSpecParser.FLOAT -> "number " + text;
      case CnnSpecParser.STRING -> "string " + text;
      default -> Character.isLetter(text.charAt(0)) ? "keyword `" + text + "`" : "'" + text + "'";
    };
  }

  /** Groups token sets into what a user thinks in: "an expression", "a statement", "a name". */
  static String describe(IntervalSet expecting) {
    if (expecting == null || expecting.isNil()) {
      return "more input";
    }
    Set<Integer> types = new LinkedHashSet<>(expecting.toList());
    List<String> parts = new ArrayList<>();
    if (types.contains(CnnSpecParser.INPUT) && types.contains(CnnSpecParser.LET)) {
      parts.add("a statement");
      types.removeAll(List.of(CnnSpecParser.INPUT, CnnSpecParser.LET, CnnSpecParser.OUTPUT,
          CnnSpecParser.RETURN, CnnSpecParser.ASSERT, CnnSpecParser.IF, CnnSpecParser.ID,
          CnnSpecParser.LOSS, CnnSpecParser.WEIGHT));
    }
    if (types.contains(CnnSpecParser.NETWORK) && types.contains(CnnSpecParser.BLOCK)) {
      parts.add("a declaration (import, layer, block or network)");
      types.removeAll(List.of(CnnSpecParser.IMPORT, CnnSpecParser.LAYER, CnnSpecParser.BLOCK,
          CnnSpecParser.NETWORK));
    }
    if (types.contains(CnnSpecParser.INT) && types.contains(CnnSpecParser.FLOAT)) {
      parts.add("an expression");
      types.removeAll(List.of(CnnSpecParser.INT, CnnSpecParser.FLOAT, CnnSpecParser.TRUE,
          CnnSpecParser.FALSE, CnnSpecParser.MINUS, CnnSpecParser.BANG, CnnSpecParser.LBRACK,
          CnnSpecParser.LPAREN, CnnSpecParser.ID, CnnSpecParser.LOSS, CnnSpecParser.WEIGHT));
    }
    if (types.contains(CnnSpecParser.ID)) {
      boolean tensor = types.contains(CnnSpecParser.LPAREN);
      parts.add(tensor ? "a name or '('" : "a name");
      types.removeAll(List.of(CnnSpecParser.ID, CnnSpecParser.LOSS, CnnSpecParser.WEIGHT));
      if (tensor) {
        types.remove(CnnSpecParser.LPAREN);
      }
    }
    for (int type : types) {
      if (type == Token.EOF) {
        parts.add("end of file");
      } else {
        String literal = CnnSpecParser.VOCABULARY.getLiteralName(type);
        parts.add(literal != null ? literal : CnnSpecParser.VOCABULARY.getDisplayName(type));
      }
    }
    if (parts.size() > 6) {
      parts = new ArrayList<>(parts.subList(0, 6));
      parts.add("…");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
  }
}
