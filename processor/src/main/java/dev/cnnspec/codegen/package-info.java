/**
 * The JavaPoet back end: a checked {@link dev.cnnspec.model.NetworkModel} becomes one class per
 * network. {@link dev.cnnspec.codegen.NetworkClassGenerator} is a pure function to a
 * {@code TypeSpec}; {@link dev.cnnspec.codegen.SpecCodegen} places spec networks in packages and
 * embeds their sources; {@link dev.cnnspec.codegen.GeneratedFiles} is the one writer that adds
 * {@code @Generated}. DL4J's configuration code comes from {@code dev.cnnspec.codegen.dl4j}.
 * Golden files of the output live in {@code src/test/resources/golden}.
 */
package dev.cnnspec.codegen;
