/*
 * The .cnn language (v1), as specified in docs/design.md "The language (v1)".
 *
 * Statements have no terminator: a chain continues over line breaks after '->', and every
 * statement starts with a keyword or with `NAME =`, so the grammar needs no newline tokens.
 * Error recovery is statement-level: the `statement` and `declaration` rules catch
 * SyntaxErrorStrategy.Resync (thrown by the error strategy after it reported an error) and skip to
 * the next line that starts a statement or declaration. Nothing outside dev.cnnspec.lang sees the
 * generated code: SpecAstBuilder turns these contexts into our own records.
 */
grammar CnnSpec;

@parser::header {
import dev.cnnspec.lang.SyntaxErrorStrategy;
}

file
  : declaration* EOF
  ;

declaration
  : IMPORT STRING                                                   # importDecl
  | LAYER name=ident '=' target=ident callArgs?                     # presetDecl
  | BLOCK name=ident '(' paramList? ')' body                        # blockDecl
  | NETWORK name=ident '(' paramList? ')' body                      # networkDecl
  | NETWORK name=ident '=' target=ident callArgs                    # networkInstanceDecl
  ;
  catch [RecognitionException re] { SyntaxErrorStrategy.recoverDeclaration(this, re); }
  catch [SyntaxErrorStrategy.Resync rs] { SyntaxErrorStrategy.recoverDeclaration(this, null); }

paramList
  : param (',' param)* ','?
  ;

param
  : name=ident ':' typeName ('=' expr)?
  ;

typeName
  : ident (LBRACK RBRACK)?
  ;

body
  : '{' statement* '}'
  ;

statement
  : INPUT name=ident ':' '[' expr (',' expr)* ']'                   # inputStmt
  | LET name=ident '=' expr                                          # letStmt
  | OUTPUT name=ident '=' chain (LOSS loss=ident)? (WEIGHT weight=expr)?  # outputStmt
  | RETURN chain                                                     # returnStmt
  | ASSERT expr ',' STRING                                           # assertStmt
  | ifStatement                                                      # ifStmt
  | name=ident '=' chain                                             # defineStmt
  ;
  catch [RecognitionException re] { SyntaxErrorStrategy.recoverStatement(this, re); }
  catch [SyntaxErrorStrategy.Resync rs] { SyntaxErrorStrategy.recoverStatement(this, null); }

ifStatement
  : IF expr body (ELSE (ifStatement | body))?
  ;

chain
  : term (ARROW element)*
  ;

term
  : name=ident callArgs                                              # callTerm
  | name=ident                                                       # nameTerm
  | '(' chain ')'                                                    # parenTerm
  ;

element
  : name=ident callArgs? suffix*                                     # layerElement
  | '(' element (ARROW element)* ')' suffix*                         # groupElement
  ;

suffix
  : '*' expr                                                         # repeatSuffix
  | FOR var=ident IN from=expr DOTDOT to=expr                        # forSuffix
  | WHEN expr                                                        # whenSuffix
  ;

callArgs
  : '(' (argument (',' argument)* ','?)? ')'
  ;

// An argument that is only a name, or a name in parentheses, matches both alternatives; the
// first wins, so it stays an expression (a tensor name is resolved as one where a tensor is due).
argument
  : (name=ident ':')? (expr | inlineChain)
  ;

// A chain written as an argument: `concat(x -> conv(64, 1), y)`, `add(x, (x -> relu))`.
inlineChain
  : term (ARROW element)+
  | '(' chain ')'
  ;

// ANTLR gives earlier alternatives higher precedence: postfix index, a tensor's shape
// (`x.channels`: only of a name, so it cannot chain), unary, ^ (right), * / %,
// + -, comparisons, &&, ||, and ?: loosest (right).
expr
  : expr '[' expr ']'                                                # indexExpr
  | name=ident '.' property=ident                                    # propertyExpr
  | op=('-' | '!') expr                                              # unaryExpr
  | <assoc=right> expr op='^' expr                                   # binaryExpr
  | expr op=('*' | '/' | '%') expr                                   # binaryExpr
  | expr op=('+' | '-') expr                                         # binaryExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr             # binaryExpr
  | expr op='&&' expr                                                # binaryExpr
  | expr op='||' expr                                                # binaryExpr
  | <assoc=right> expr '?' expr ':' expr                             # ternaryExpr
  | name=ident '(' (expr (',' expr)*)? ')'                           # callExpr
  | '[' (expr (',' expr)* ','?)? ']'                                 # listExpr
  | '(' expr ')'                                                     # parenExpr
  | INT                                                              # intExpr
  | FLOAT                                                            # floatExpr
  | (TRUE | FALSE)                                                   # boolExpr
  | ident                                                            # nameExpr
  ;

// `loss` and `weight` are keywords only after an output chain; elsewhere they are plain names
// (the type `loss`, a tensor called `weight`).
ident
  : ID
  | LOSS
  | WEIGHT
  ;

IMPORT  : 'import' ;
LAYER   : 'layer' ;
BLOCK   : 'block' ;
NETWORK : 'network' ;
INPUT   : 'input' ;
LET     : 'let' ;
OUTPUT  : 'output' ;
LOSS    : 'loss' ;
WEIGHT  : 'weight' ;
RETURN  : 'return' ;
ASSERT  : 'assert' ;
IF      : 'if' ;
ELSE    : 'else' ;
FOR     : 'for' ;
IN      : 'in' ;
WHEN    : 'when' ;
TRUE    : 'true' ;
FALSE   : 'false' ;

ARROW   : '->' ;
DOTDOT  : '..' ;
DOT     : '.' ;
LBRACK  : '[' ;
RBRACK  : ']' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACE  : '{' ;
RBRACE  : '}' ;
COMMA   : ',' ;
COLON   : ':' ;
ASSIGN  : '=' ;
QUESTION: '?' ;
OR      : '||' ;
AND     : '&&' ;
EQ      : '==' ;
NE      : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
CARET   : '^' ;
BANG    : '!' ;

// A float needs digits after the dot so that `0..3` lexes as INT DOTDOT INT.
FLOAT
  : DIGITS '.' DIGITS EXPONENT?
  | DIGITS EXPONENT
  ;
INT     : DIGITS ;
ID      : [a-zA-Z_] [a-zA-Z_0-9]* ;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"' ;

// Tokens that only exist to be reported well: the parser rejects them with a specific message.
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' .)* ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*' ~'/')*? EOF ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\f]+ -> skip ;
// Reported by SpecParser before parsing and hidden from the parser, so they cause no cascade.
HASH_COMMENT    : '#' ~[\r\n]* -> channel(HIDDEN) ;
UNEXPECTED_CHAR : . -> channel(HIDDEN) ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
