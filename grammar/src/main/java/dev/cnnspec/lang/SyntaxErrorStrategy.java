package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.antlr.CnnSpecParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR error handling with our messages and statement-level recovery.
 *
 * <p>Single missing or extra tokens are repaired in place, as ANTLR does by default. Anything worse
 * makes {@link #recover} throw {@link Resync}, which unwinds to the enclosing {@code statement} or
 * {@code declaration} rule; their {@code catch} clauses in the grammar call
 * {@link #recoverStatement}/{@link #recoverDeclaration}, which skip to the next line that starts a
 * statement (or declaration). Errors in between are suppressed, so one mistake gives one message.
 */
public final class SyntaxErrorStrategy extends DefaultErrorStrategy {

  /** Unwinds the parser to the nearest statement or declaration after an error was reported. */
  public static final class Resync extends RuntimeException {
    Resync() {
      super(null, null, false, false);
    }
  }

  /**
   * Syntax errors reported per file before parsing stops, as javac stops at 100: a 16 MB file of
   * broken lines would otherwise become millions of diagnostics (and megabytes of output).
   */
  public static final int MAX_ERRORS = 100;

  /** Thrown past the grammar's recovery once {@link #MAX_ERRORS} were reported; the file is dropped. */
  static final class TooManyErrors extends RuntimeException {
    TooManyErrors() {
      super(null, null, false, false);
    }
  }

  private final String path;
  private final Diagnostics diagnostics;

  public SyntaxErrorStrategy(String path, Diagnostics diagnostics) {
    this.path = path;
    this.diagnostics = diagnostics;
  }

  // ---- recovery -------------------------------------------------------------------------------

  @Override
  public void recover(Parser parser, RecognitionException e) {
    throw new Resync();
  }

  @Override
  public Token recoverInline(Parser parser) {
    Token deleted = singleTokenDeletion(parser);
    if (deleted != null) {
      parser.consume();
      return deleted;
    }
    if (singleTokenInsertion(parser)) {
      return getMissingSymbol(parser);
    }
    reportError(parser, new InputMismatchException(parser));
    throw new Resync();
  }

  /**
   * ANTLR would delete a token that it cannot use if the next one fits; a token that starts a line
   * and starts a statement is kept, because the statement before it is what is incomplete.
   */
  @Override
  protected Token singleTokenDeletion(Parser parser) {
    Token t = parser.getCurrentToken();
    TokenStream in = parser.getInputStream();
    if (t.getType() == CnnSpecParser.RBRACE || startsLine(in, t)
        && (isDeclarationKeyword(t.getType()) || isStatementStart(in))) {
      return null;
    }
    return super.singleTokenDeletion(parser);
  }

  @Override
  public void sync(Parser parser) {
    if (parser.getContext() instanceof CnnSpecParser.FileContext) {
      skipStrayTopLevel(parser);
      return;
    }
    // A declaration keyword at the start of a line inside a body means the body was never closed:
    // say so once and let the declaration rule resynchronise, instead of eating the next network.
    Token next = parser.getCurrentToken();
    if (isDeclarationKeyword(next.getType()) && startsLine(parser.getInputStream(), next)
        && insideBody(parser.getContext())) {
      if (!inErrorRecoveryMode(parser)) {
        beginErrorCondition(parser);
        report(parser, next, SyntaxErrorMessages.unclosedBody(parser));
      }
      throw new Resync();
    }
    super.sync(parser);
  }

  /**
   * Between declarations only a declaration may start: anything else is reported once and skipped
   * up to the next line that starts a declaration.
   */
  private void skipStrayTopLevel(Parser parser) {
    Token t = parser.getCurrentToken();
    if (t.getType() == Token.EOF || isDeclarationKeyword(t.getType())) {
      return;
    }
    if (!inErrorRecoveryMode(parser)) {
      beginErrorCondition(parser);
      report(parser, t, new SyntaxErrorMessages.Message("expected a declaration (import, layer, block or network), found "
          + SyntaxErrorMessages.describe(t), "a file holds imports, layer presets, blocks and networks", false));
    }
    do {
      parser.consume();
      t = parser.getCurrentToken();
    } while (t.getType() != Token.EOF && !(isDeclarationKeyword(t.getType()) && startsLine(parser.getInputStream(), t)));
    endErrorCondition(parser);
  }

  private static boolean insideBody(org.antlr.v4.runtime.ParserRuleContext ctx) {
    for (var c = ctx; c != null; c = c.getParent()) {
      if (c instanceof CnnSpecParser.BodyContext) {
        return true;
      }
    }
    return false;
  }

  /** Called by the grammar's {@code statement} rule after an error inside it. */
  public static void recoverStatement(Parser parser, RecognitionException e) {
    recoverTo(parser, e, true);
  }

  /** Called by the grammar's {@code declaration} rule after an error inside it. */
  public static void recoverDeclaration(Parser parser, RecognitionException e) {
    recoverTo(parser, e, false);
  }

  private static void recoverTo(Parser parser, RecognitionException e, boolean statementLevel) {
    SyntaxErrorStrategy strategy = (SyntaxErrorStrategy) parser.getErrorHandler();
    if (e != null) {
      strategy.reportError(parser, e);
    }
    parser.getContext().exception = e != null ? e : new InputMismatchException(parser);
    TokenStream in = parser.getInputStream();
    int start = parser.getContext().start.getTokenIndex();
    int depth = 0;
    while (true) {
      Token t = in.LT(1);
      int type = t.getType();
      if (type == Token.EOF) {
        break;
      }
      boolean progressed = t.getTokenIndex() > start;
      if (progressed && statementLevel && type == CnnSpecParser.RBRACE && depth == 0) {
        break;
      }
      if (progressed && startsLine(in, t)) {
        if (isDeclarationKeyword(type)) {
          // stay in recovery mode: the body around us is broken too and will unwind silently
          return;
        }
        if (statementLevel && depth == 0 && isStatementStart(in)) {
          break;
        }
      }
      if (type == CnnSpecParser.LBRACE) {
        depth++;
      } else if (type == CnnSpecParser.RBRACE && depth > 0) {
        depth--;
      }
      parser.consume();
    }
    strategy.endErrorCondition(parser);
  }

  static boolean startsLine(TokenStream in, Token t) {
    int index = t.getTokenIndex();
    for (int i = index - 1; i >= 0; i--) {
      Token previous = in.get(i);
      if (previous.getChannel() == Token.DEFAULT_CHANNEL) {
        return previous.getLine() < t.getLine();
      }
    }
    return true;
  }

  static boolean isDeclarationKeyword(int type) {
    return type == CnnSpecParser.IMPORT || type == CnnSpecParser.LAYER || type == CnnSpecParser.BLOCK
        || type == CnnSpecParser.NETWORK;
  }

  private static boolean isStatementStart(TokenStream in) {
    int type = in.LA(1);
    return switch (type) {
      case CnnSpecParser.INPUT, CnnSpecParser.LET, CnnSpecParser.OUTPUT, CnnSpecParser.RETURN,
          CnnSpecParser.ASSERT, CnnSpecParser.IF -> true;
      case CnnSpecParser.ID, CnnSpecParser.LOSS, CnnSpecParser.WEIGHT -> in.LA(2) == CnnSpecParser.ASSIGN;
      default -> false;
    };
  }

  // ---- reporting ------------------------------------------------------------------------------

  @Override
  protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
    report(parser, e.getOffendingToken(), SyntaxErrorMessages.expected(parser, e.getOffendingToken(),
        e.getExpectedTokens()));
  }

  @Override
  protected void reportInputMismatch(Parser parser, InputMismatchException e) {
    report(parser, e.getOffendingToken(), SyntaxErrorMessages.expected(parser, e.getOffendingToken(),
        e.getExpectedTokens()));
  }

  @Override
  protected void reportFailedPredicate(Parser parser, FailedPredicateException e) {
    report(parser, e.getOffendingToken(), SyntaxErrorMessages.expected(parser, e.getOffendingToken(),
        parser.getExpectedTokens()));
  }

  @Override
  protected void reportUnwantedToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token t = parser.getCurrentToken();
    report(parser, t, SyntaxErrorMessages.unexpected(parser, t, getExpectedTokens(parser)));
  }

  @Override
  protected void reportMissingToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token t = parser.getCurrentToken();
    IntervalSet expecting = getExpectedTokens(parser);
    report(parser, t, SyntaxErrorMessages.expected(parser, t, expecting), true);
  }

  private void report(Parser parser, Token at, SyntaxErrorMessages.Message message) {
    report(parser, at, message, false);
  }

  /**
   * Reports at the offending token; a token that is missing is reported right after the previous
   * token when the offending one is on a later line, which is where the user has to type it.
   */
  private void report(Parser parser, Token at, SyntaxErrorMessages.Message message, boolean missing) {
    int unit = unitStart(parser);
    if (unit == lastReportedUnit && unit >= 0) {
      return; // one message per statement: what follows the first error is usually its echo
    }
    lastReportedUnit = unit;
    Location location = locationOf(at);
    Token special = SyntaxErrorMessages.lexicalProblem(at);
    if ((missing || message.text().startsWith("expected ")) && special == null) {
      Token previous = previousToken(parser.getInputStream(), at);
      if (previous != null && previous.getLine() < at.getLine()) {
        location = TokenLocations.after(path, previous);
      }
    }
    if (diagnostics.errorCount() >= MAX_ERRORS) {
      tooMany(diagnostics, location);
      throw new TooManyErrors();
    }
    diagnostics.error(DiagnosticCode.SYNTAX, location, message.text(), message.hint());
  }

  static void tooMany(Diagnostics diagnostics, Location at) {
    diagnostics.error(DiagnosticCode.SYNTAX, at, "too many syntax errors: stopped after " + MAX_ERRORS + " in this file",
        "fix the errors above; the rest of the file is not checked");
  }

  private int lastReportedUnit = -1;

  /** The first token of the statement (or declaration) being parsed, identifying it. */
  private static int unitStart(Parser parser) {
    for (var c = parser.getContext(); c != null; c = c.getParent()) {
      if (c instanceof CnnSpecParser.StatementContext || c instanceof CnnSpecParser.DeclarationContext) {
        return c.start == null ? -1 : c.start.getTokenIndex();
      }
    }
    return -1;
  }

  private Location locationOf(Token t) {
    return TokenLocations.of(path, t);
  }

  private static Token previousToken(TokenStream in, Token t) {
    int index = t.getTokenIndex();
    if (index < 0) {
      return null;
    }
    for (int i = index - 1; i >= 0; i--) {
      Token previous = in.get(i);
      if (previous.getChannel() == Token.DEFAULT_CHANNEL) {
        return previous;
      }
    }
    return null;
  }
}
