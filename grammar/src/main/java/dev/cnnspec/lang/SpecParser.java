package dev.cnnspec.lang;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.lang.antlr.CnnSpecLexer;
import dev.cnnspec.lang.antlr.CnnSpecParser;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Location;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import java.util.Optional;

/**
 * The parsing stage: text in, our own syntax tree out, syntax errors as E0101 diagnostics.
 *
 * <p>ANTLR's console listeners are removed and its messages replaced ({@link SyntaxErrorStrategy}):
 * users see "expected ')' to close the argument list of conv", not "extraneous input". Recovery is
 * per statement, so one run reports every broken statement of a file. Declarations that contained
 * a syntax error are left out of the tree (and {@link Result#hasErrors()} is set) so that later
 * stages never see half-parsed input.
 */
public final class SpecParser {

  /** The tree and whether the file had syntax errors. */
  public record Result(SpecFile file, boolean hasErrors) {}

  public Result parse(SourceText source, Diagnostics diagnostics) {
    Diagnostics local = new Diagnostics();
    // ANTLR counts lines at '\n' only: with old-Mac CR line ends every position would be on line 1.
    // Replacing CR (alone or before LF) by LF keeps every line and column as an editor shows them.
    String text = source.text().replace("\r\n", "\n").replace('\r', '\n');
    CnnSpecLexer lexer = new CnnSpecLexer(CharStreams.fromString(text, source.path()));
    lexer.removeErrorListeners(); // the grammar's catch-all tokens leave the lexer nothing to report
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    for (Token t : tokens.getTokens()) {
      if (local.errorCount() >= SyntaxErrorStrategy.MAX_ERRORS
          && (t.getType() == CnnSpecLexer.HASH_COMMENT || t.getType() == CnnSpecLexer.UNEXPECTED_CHAR)) {
        SyntaxErrorStrategy.tooMany(local, at(source, t));
        diagnostics.addAll(local);
        return new Result(new SpecFile(source.path(), java.util.List.of()), true);
      }
      if (t.getType() == CnnSpecLexer.HASH_COMMENT) {
        local.error(DiagnosticCode.SYNTAX, at(source, t), "'#' does not start a comment", "comments start with // or /*");
      } else if (t.getType() == CnnSpecLexer.UNEXPECTED_CHAR) {
        local.error(DiagnosticCode.SYNTAX, at(source, t), "unexpected character '" + t.getText() + "'",
            t.getText().equals(";") ? "statements need no ';': end the line instead" : "remove it");
      }
    }
    if (NestingLimit.scan(source.path(), tokens.getTokens(), local)) {
      diagnostics.addAll(local);
      return new Result(new SpecFile(source.path(), java.util.List.of()), true);
    }
    CnnSpecParser parser = new CnnSpecParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new SyntaxErrorStrategy(source.path(), local));
    parser.getInterpreter().setPredictionMode(PredictionMode.LL);
    CnnSpecParser.FileContext tree;
    try {
      tree = parser.file();
    } catch (SyntaxErrorStrategy.TooManyErrors stopped) {
      diagnostics.addAll(local);
      return new Result(new SpecFile(source.path(), java.util.List.of()), true);
    }
    Optional<Token> tooDeep = NestingLimit.tooDeep(tree);
    SpecFile file;
    if (tooDeep.isPresent()) {
      NestingLimit.report(source.path(), tooDeep.get(), local);
      file = new SpecFile(source.path(), java.util.List.of());
    } else {
      file = new SpecAstBuilder(source.path()).build(tree);
    }
    diagnostics.addAll(local);
    return new Result(file, local.hasErrors());
  }

  private static Location at(SourceText source, Token t) {
    return TokenLocations.of(source.path(), t);
  }
}
