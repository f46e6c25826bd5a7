/**
 * The {@code .cnn} front end: parsing ({@link dev.cnnspec.lang.SpecParser}, ANTLR confined to
 * {@code dev.cnnspec.lang.antlr}) into immutable syntax records ({@link dev.cnnspec.lang.SpecFile},
 * {@link dev.cnnspec.lang.Statement}, {@link dev.cnnspec.lang.Chain}, {@link dev.cnnspec.lang.Expr}),
 * import resolution ({@link dev.cnnspec.lang.SpecLoader}) and elaboration
 * ({@link dev.cnnspec.lang.Elaborator}) into one {@link dev.cnnspec.model.NetworkGraph} per network.
 *
 * <p>Elaboration is split by concern: {@code FileScope} (what names a file sees), {@code Callee}
 * (presets unwrapped to a built-in layer or a block), {@code ArgumentBinder} (positional/named
 * binding, partial application), {@code ExpressionEvaluator} and {@code Coercion} (values and
 * types), {@code BodyElaborator} (order-independent definitions, lets, if, assert) and
 * {@code ChainElaborator} (suffix expansion, layer naming, block instances, chains as arguments);
 * {@code NameCheck} resolves every call on every branch first. A shape asked in an expression
 * ({@code x.channels}, {@code TensorProperty}) is inferred by {@link dev.cnnspec.check.ShapeProbe}
 * from the layers built so far, with the checker's own rules. {@code NestingLimit}, {@code NetworkContext}'s budgets
 * and {@link dev.cnnspec.lang.DeepStack} bound stack and time for any input (docs/language.md
 * "Limits"). Every problem is a {@link dev.cnnspec.diag.Diagnostic}; nothing here throws on bad input.
 */
package dev.cnnspec.lang;
