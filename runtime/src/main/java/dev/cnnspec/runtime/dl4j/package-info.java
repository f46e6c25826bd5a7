/**
 * The DL4J back end of the compiler: {@link dev.cnnspec.runtime.dl4j.Dl4jGraphFactory} turns a checked
 * network model into a {@code ComputationGraphConfiguration}; {@link dev.cnnspec.runtime.dl4j.SpecInterpreter}
 * does the whole path from spec text at run time. Generated code builds the same configuration.
 */
package dev.cnnspec.runtime.dl4j;
