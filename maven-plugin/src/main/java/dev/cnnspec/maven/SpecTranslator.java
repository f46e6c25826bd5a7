package dev.cnnspec.maven;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.Compilation;
import java.nio.file.Path;
import java.util.List;

/**
 * The compiler seen from the plugin: spec files in, a compilation (diagnostics, sources) and the
 * Java files to write out. An interface so that the Mojo's file handling can be tested on its own;
 * {@link CompilerTranslator} is the real one.
 */
interface SpecTranslator {

  /**
   * @param specRoot the directory the specs lie in; packages and imports are relative to it
   * @param specs every spec file under the root, sorted
   * @return the compilation, and the generated files (empty when the compilation has errors)
   */
  Translation translate(Path specRoot, List<Path> specs);

  /** What one translation produced. */
  record Translation(Compilation compilation, List<JavaFile> files) {
    public Translation {
      files = List.copyOf(files);
    }
  }
}
