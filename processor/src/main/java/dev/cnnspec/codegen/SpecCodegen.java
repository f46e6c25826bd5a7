package dev.cnnspec.codegen;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.Compilation;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a successful {@link Compilation} of spec files into Java files, one class per network.
 * Shared by the annotation processor and the Maven plugin so that both generate the same code.
 * The Java package of a network is the directory of its spec relative to the spec root it lies in.
 */
public final class SpecCodegen {
  private final List<Path> specRoots;

  public SpecCodegen(List<Path> specRoots) {
    this.specRoots = List.copyOf(specRoots);
  }

  /** Only for a compilation without errors. Sorted by qualified class name. */
  public List<JavaFile> generate(Compilation compilation) {
    throw new UnsupportedOperationException("TODO(processor)");
  }
}
