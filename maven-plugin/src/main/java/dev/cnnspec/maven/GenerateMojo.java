package dev.cnnspec.maven;

import com.palantir.javapoet.JavaFile;
import dev.cnnspec.Compilation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code cnn-spec:generate}: compiles every {@code .cnn} spec under {@code sourceDirectory} into
 * Java sources under {@code outputDirectory} and adds that directory to the compile sources.
 *
 * <p>All specs are compiled on every run (one may import another, so an edit can change classes
 * generated from other files; parsing is cheap), but only files whose text changed are written and
 * files of vanished networks are deleted: see {@link GeneratedSourceWriter} for why that is what
 * makes {@code mvn compile} without {@code clean} recompile exactly what an edit changed.
 *
 * <p>Spec errors are reported as compiler errors ({@code [ERROR] file:line:col: …} with the source
 * line) and fail the build once, with their count; generated files are left as they were.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** Where the specs are; also the spec root that packages and imports are relative to. */
  @Parameter(property = "cnnspec.sourceDirectory", defaultValue = "${project.basedir}/src/main/cnn", required = true)
  File sourceDirectory;

  /** Where the generated Java sources go; added to the project's compile source roots. */
  @Parameter(property = "cnnspec.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/cnn", required = true)
  File outputDirectory;

  /** The list of files the previous run generated, so that files of deleted networks are removed. */
  @Parameter(defaultValue = "${project.build.directory}/cnn-spec/generated-sources.lst", required = true)
  File manifestFile;

  /** Treat warnings (an unused tensor, …) as errors. */
  @Parameter(property = "cnnspec.failOnWarning", defaultValue = "false")
  boolean failOnWarning;

  /** Also draw each network as an SVG diagram under {@link #diagramDirectory} (set false to opt out). */
  @Parameter(property = "cnnspec.diagrams", defaultValue = "true")
  boolean diagrams;

  /** Where the diagrams go, in the generated classes' package directories. */
  @Parameter(property = "cnnspec.diagramDirectory",
      defaultValue = "${project.build.directory}/generated-sources/cnn-diagrams", required = true)
  File diagramDirectory;

  /** Skip generation, leaving earlier output and the compile source roots as they are. */
  @Parameter(property = "cnnspec.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  private SpecTranslator translator = new CompilerTranslator();

  /** For tests: the compiler is replaced, the file handling is the real one. */
  void setTranslator(SpecTranslator translator) {
    this.translator = translator;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("cnn-spec: skipped");
      return;
    }
    Path root = sourceDirectory.toPath().toAbsolutePath().normalize();
    List<Path> specs;
    try {
      specs = SpecFiles.under(root);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list the specs under " + root + ": " + e.getMessage(), e);
    }
    List<JavaFile> files = List.of();
    Compilation compilation = null;
    if (specs.isEmpty()) {
      // Still write (nothing): the classes of specs deleted since the last run must go.
      getLog().info("No .cnn specs under " + root);
    } else {
      SpecTranslator.Translation translation = generate(root, specs);
      files = translation.files();
      compilation = translation.compilation();
    }
    GeneratedSourceWriter.Report report;
    try {
      report = new GeneratedSourceWriter(outputDirectory.toPath(), manifestFile.toPath())
          .write(files);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write generated sources to " + outputDirectory + ": " + e, e);
    }
    getLog().info("cnn-spec: " + DiagnosticLog.plural(specs.size(), "spec") + ", "
        + report.written().size() + " written, " + report.unchanged().size() + " unchanged, "
        + report.deleted().size() + " deleted");
    for (String deleted : report.deleted()) {
      getLog().debug("deleted " + deleted);
    }
    if (diagrams && compilation != null) {
      drawDiagrams(root, compilation);
    }
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
  }

  private void drawDiagrams(Path root, Compilation compilation) throws MojoExecutionException {
    try {
      List<String> written = new DiagramFiles(diagramDirectory.toPath()).write(root, compilation);
      getLog().info("cnn-spec: " + DiagnosticLog.plural(compilation.networks().size(), "diagram") + " in "
          + diagramDirectory + " (" + written.size() + " written)");
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write diagrams to " + diagramDirectory + ": " + e, e);
    }
  }

  /** Compiles and generates; logs the diagnostics and fails on errors (or warnings, if asked). */
  private SpecTranslator.Translation generate(Path root, List<Path> specs) throws MojoExecutionException, MojoFailureException {
    SpecTranslator.Translation translation = translate(root, specs);
    Compilation compilation = translation.compilation();
    new DiagnosticLog(getLog(), root).report(compilation);
    int errors = compilation.diagnostics().errorCount();
    int warnings = DiagnosticLog.warningCount(compilation);
    if (errors > 0) {
      throw new MojoFailureException("cnn-spec: " + DiagnosticLog.plural(errors, "error")
          + " in the .cnn specs under " + root + " (listed above); no sources were generated");
    }
    if (failOnWarning && warnings > 0) {
      throw new MojoFailureException("cnn-spec: " + DiagnosticLog.plural(warnings, "warning")
          + " in the .cnn specs under " + root + " and failOnWarning is set (listed above)");
    }
    return translation;
  }

  private SpecTranslator.Translation translate(Path root, List<Path> specs) throws MojoExecutionException {
    try {
      return translator.translate(root, specs);
    } catch (RuntimeException e) {
      // Bad specs are diagnostics; an exception here is the compiler's own bug.
      throw new MojoExecutionException("cnn-spec: internal compiler error while compiling " + specs.size()
          + " specs under " + root + ": " + e + " (please report it with the specs)", e);
    }
  }
}
