/**
 * Issue 10's differential property, in the style of Csmith and YARPGen for C compilers: random
 * valid-looking networks go through {@code check}, the interpreter and the generated code, and
 * DL4J is the oracle. For every generated spec exactly one of: {@code check} rejects it with
 * located, identified errors (never E0901, never an exception); or the interpreter builds and
 * initialises the DL4J graph, DL4J's {@code numParams()} equals the checker's count, the generated
 * class builds the same configuration (JSON), a forward pass gives every layer and output its
 * inferred shape, and one training step gives a finite score, gradients and parameters.
 *
 * <p>Pipeline: jqwik generates a list of integers ({@link DifferentialRun#choices()});
 * {@link SpecGenerator} (with {@link LayerGenerator}, {@link Presets}, {@link Blocks},
 * {@link Vocabulary}, {@link Typos}) reads it as a sequence of decisions and writes the spec as
 * <em>text</em>, so the parser is exercised too; {@link Oracle} judges a batch, compiling all its
 * generated classes with one javac call ({@link GeneratedClasses}) and checking each against DL4J
 * ({@link Dl4jProperty}). Because the spec is a function of the list and simpler answers come
 * first, jqwik's shrinking of the list is shrinking of the spec: a failure is reported as a
 * minimal spec. What today's main is known to get wrong is listed once, in {@link KnownIssues},
 * and the generator avoids exactly that; minimal counterexamples are kept as regression specs
 * ({@link RegressionSpecsTest}).
 *
 * <p>Why here: the property needs the processor's code generator (test scope) and the runtime's
 * DL4J back end together, and {@code specs} is the one module that already depends on both
 * without a module boundary being crossed. CI runs 500 cases ({@link DifferentialPropertyTest});
 * the long run is documented in the README ("Testing").
 */
package dev.cnnspec.differential;
