/**
 * The annotation processor ({@link dev.cnnspec.processor.CnnSpecProcessor}) and the Java front end.
 *
 * <p>Stages for an {@code @Network} interface: {@code InterfaceScanner} (what each method declares)
 * → {@code Wiring} (parameter names resolved, dependency order, cycles) → {@code InterfaceReader}
 * (declared ranks checked, layers built through {@link dev.cnnspec.model.GraphBuilder} into a
 * {@link dev.cnnspec.model.NetworkGraph}) → the shared {@link dev.cnnspec.check.NetworkChecker} →
 * {@link dev.cnnspec.codegen.NetworkClassGenerator}. Each layer gets a synthetic location that
 * {@code ElementIndex} maps back to its method and annotation, so the checker's shape errors land
 * on the right line in javac and IDEs.
 *
 * <p>With {@code -Acnn.specRoots}, {@code SpecStep} compiles {@code .cnn} files with
 * {@link dev.cnnspec.CnnCompiler} and generates through {@link dev.cnnspec.codegen.SpecCodegen},
 * like the Maven plugin. The processor never loads DL4J or the runtime: generated code names their
 * types, it does not use them.
 */
package dev.cnnspec.processor;
