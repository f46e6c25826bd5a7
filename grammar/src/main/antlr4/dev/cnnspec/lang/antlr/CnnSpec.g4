grammar CnnSpec;
// Placeholder; the language helper replaces it.
file : EOF ;
WS : [ \t\r\n]+ -> skip ;
