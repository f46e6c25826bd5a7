/**
 * The DL4J back end of the code generator: {@link dev.cnnspec.codegen.dl4j.Dl4jConfigurationEmitter}
 * writes the Java statements that build a network's {@code ComputationGraphConfiguration}. DL4J
 * types are named, never loaded ({@code Dl4jTypes}): javac must not load DL4J's natives. The
 * translation is the runtime's {@code dev.cnnspec.runtime.dl4j.Dl4jGraphFactory}, rule for rule; the
 * {@code specs} module's {@code GeneratedConfigurationEquivalenceTest} holds the two to equal JSON.
 */
package dev.cnnspec.codegen.dl4j;
