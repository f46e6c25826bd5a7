package dev.cnnspec.maven;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.codegen.SpecCodegen;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real translator: {@link CnnCompiler} with the source directory as its only spec root, then
 * {@link SpecCodegen}, the generator the annotation processor uses too, so that a spec compiled by
 * the plugin and the same spec compiled by the processor give identical classes.
 */
final class CompilerTranslator implements SpecTranslator {

  @Override
  public Translation translate(Path specRoot, List<Path> specs) {
    List<Path> roots = List.of(specRoot);
    Compilation compilation = new CnnCompiler(roots, Map.of()).compileFiles(specs);
    List<JavaFile> files = compilation.succeeded()
        ? new SpecCodegen(roots).generate(compilation)
        : List.of();
    return new Translation(compilation, files);
  }
}
