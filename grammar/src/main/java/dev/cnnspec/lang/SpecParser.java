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
    CnnSpecLexer lexer = new CnnSpecLexer(CharStreams.fromString(source.text(), source.path()));
    lexer.removeErrorListeners(); // the grammar's catch-all tokens leave the lexer nothing to report
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    for (Token t : tokens.getTokens()) {
      if (t.getType() == CnnSpecLexer.HASH_COMMENT) {
        local.error(DiagnosticCode.SYNTAX, at(source, t), "'#' does not start a comment", "comments start with // or /*");
      } else if (t.getType() == CnnSpecLexer.UNEXPECTED_CHAR) {
        local.error(DiagnosticCode.SYNTAX, at(source, t), "unexpected character '" + t.getText() + "'",
            t.getText().equals(";") ? "statements need no ';': end the line instead" : "remove it");
      }
    }
    CnnSpecParser parser = new CnnSpecParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new SyntaxErrorStrategy(source.path(), local));
    parser.getInterpreter().setPredictionMode(PredictionMode.LL);
    SpecFile file;
    try {
      file = new SpecAstBuilder(source.path()).build(parser.file());
    } catch (StackOverflowError tooDeep) {
      // ANTLR and the tree builder recurse per nesting level; thousands of '(' are not a network
      local.error(DiagnosticCode.SYNTAX, Location.of(source.path(), 1, 1), "the file nests too deeply to be parsed",
          "parentheses, lists and blocks may nest a few hundred levels at most");
      file = new SpecFile(source.path(), java.util.List.of());
    }
    diagnostics.addAll(local);
    return new Result(file, local.hasErrors());
  }

  private static Location at(SourceText source, Token t) {
    return Location.of(source.path(), t.getLine(), t.getCharPositionInLine() + 1);
  }
}
