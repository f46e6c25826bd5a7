package dev.cnnspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the Mojo on temporary module directories with a stand-in compiler, checking what matters
 * to maven-compiler-plugin's staleness check: which generated files are rewritten (newer), left
 * alone (same time) or deleted after specs are edited, added or removed.
 */
class GenerateMojoTest {
  /** Generated files are back-dated to this before each change, so a write is unmistakable. */
  private static final FileTime OLD = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

  @TempDir Path module;
  private Path specs;
  private Path out;
  private FakeTranslator translator;
  private RecordingLog log;
  private MavenProject project;

  @BeforeEach
  void setUp() {
    specs = module.resolve("src/main/cnn");
    out = module.resolve("target/generated-sources/cnn");
    translator = new FakeTranslator();
  }

  private GenerateMojo mojo() {
    GenerateMojo mojo = new GenerateMojo();
    mojo.sourceDirectory = specs.toFile();
    mojo.outputDirectory = out.toFile();
    mojo.manifestFile = module.resolve("target/cnn-spec/generated-sources.lst").toFile();
    project = new MavenProject();
    mojo.project = project;
    log = new RecordingLog();
    mojo.setLog(log);
    mojo.setTranslator(translator);
    return mojo;
  }

  private void spec(String relative, String text) throws IOException {
    Path file = specs.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private Path generated(String relative) {
    return out.resolve(relative);
  }

  private void backDate(String... relatives) throws IOException {
    for (String r : relatives) {
      Files.setLastModifiedTime(generated(r), OLD);
    }
  }

  private boolean untouched(String relative) throws IOException {
    return Files.getLastModifiedTime(generated(relative)).equals(OLD);
  }

  @Test
  void firstRunWritesOneClassPerNetworkInThePackageOfItsDirectoryAndAddsTheSourceRoot() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\nnetwork LeNetWide 2\n");
    spec("top.cnn", "network Top 3\n");
    mojo().execute();
    assertTrue(Files.readString(generated("dev/zoo/LeNet.java")).contains("package dev.zoo;"));
    assertTrue(Files.readString(generated("dev/zoo/LeNetWide.java")).contains("VALUE = 2"));
    assertTrue(Files.isRegularFile(generated("Top.java")));
    assertEquals(List.of(out.toFile().getAbsolutePath()), project.getCompileSourceRoots());
    assertTrue(log.text().contains("3 written, 0 unchanged, 0 deleted"), log.text());
  }

  @Test
  void aRunWithoutChangesTouchesNoFile() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n");
    mojo().execute();
    backDate("dev/zoo/LeNet.java");
    mojo().execute();
    assertTrue(untouched("dev/zoo/LeNet.java"));
    assertTrue(log.text().contains("0 written, 1 unchanged, 0 deleted"), log.text());
    assertEquals(2, translator.runs);
  }

  @Test
  void editingASpecRewritesOnlyTheClassWhoseTextChanged() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\nnetwork LeNetWide 2\n");
    spec("dev/zoo/vgg.cnn", "network Vgg 16\n");
    mojo().execute();
    backDate("dev/zoo/LeNet.java", "dev/zoo/LeNetWide.java", "dev/zoo/Vgg.java");
    spec("dev/zoo/lenet.cnn", "// a comment changes no class\nnetwork LeNet 1\nnetwork LeNetWide 5\n");
    mojo().execute();
    assertTrue(untouched("dev/zoo/LeNet.java"));
    assertFalse(untouched("dev/zoo/LeNetWide.java"));
    assertTrue(Files.readString(generated("dev/zoo/LeNetWide.java")).contains("VALUE = 5"));
    assertTrue(untouched("dev/zoo/Vgg.java"));
  }

  @Test
  void addingASpecWritesOnlyItsClasses() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n");
    mojo().execute();
    backDate("dev/zoo/LeNet.java");
    spec("dev/zoo/alexnet.cnn", "network AlexNet 8\n");
    mojo().execute();
    assertTrue(untouched("dev/zoo/LeNet.java"));
    assertTrue(Files.readString(generated("dev/zoo/AlexNet.java")).contains("VALUE = 8"));
    assertTrue(log.text().contains("1 written, 1 unchanged, 0 deleted"), log.text());
  }

  @Test
  void deletingASpecDeletesItsClassesAndEmptyPackagesButNothingTheMojoDidNotWrite() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n");
    spec("dev/other/vgg.cnn", "network Vgg 16\n");
    mojo().execute();
    Path foreign = generated("dev/zoo/HandWritten.java");
    Files.writeString(foreign, "package dev.zoo; class HandWritten {}");
    backDate("dev/zoo/LeNet.java");
    Files.delete(specs.resolve("dev/other/vgg.cnn"));
    mojo().execute();
    assertFalse(Files.exists(generated("dev/other/Vgg.java")));
    assertFalse(Files.exists(generated("dev/other")), "the emptied package directory is removed");
    assertTrue(untouched("dev/zoo/LeNet.java"));
    assertTrue(Files.exists(foreign));
    assertTrue(log.text().contains("0 written, 1 unchanged, 1 deleted"), log.text());
  }

  @Test
  void renamingANetworkReplacesItsClass() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n");
    mojo().execute();
    spec("dev/zoo/lenet.cnn", "network LeNet5 1\n");
    mojo().execute();
    assertFalse(Files.exists(generated("dev/zoo/LeNet.java")));
    assertTrue(Files.exists(generated("dev/zoo/LeNet5.java")));
  }

  @Test
  void deletingTheLastSpecDeletesEveryGeneratedClass() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n");
    mojo().execute();
    Files.delete(specs.resolve("dev/zoo/lenet.cnn"));
    mojo().execute();
    assertFalse(Files.exists(generated("dev/zoo/LeNet.java")));
    assertEquals(1, translator.runs, "no compiler run without specs");
  }

  @Test
  void aMissingSourceDirectoryIsNoError() throws Exception {
    mojo().execute();
    assertTrue(log.text().contains("No .cnn specs"), log.text());
  }

  @Test
  void errorsAreLoggedWithFileLineColumnAndSourceLineThenFailTheBuildOnceWithTheirCount() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n");
    mojo().execute();
    backDate("dev/zoo/LeNet.java");
    spec("dev/zoo/lenet.cnn", "network LeNet 2\n  x = y\nerror 2 7 undefined name y\nerror 3 1 second problem\n");
    GenerateMojo mojo = mojo();
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().startsWith("cnn-spec: 2 errors in the .cnn specs under "), failure.getMessage());
    String path = specs.resolve("dev/zoo/lenet.cnn").toString();
    List<String> lines = log.lines;
    int at = lines.indexOf("[ERROR] " + path + ":2:7: error[E0203]: undefined name y");
    assertTrue(at >= 0, log.text());
    assertEquals("[ERROR]  2 |   x = y", lines.get(at + 1));
    assertEquals("[ERROR]    |       ^", lines.get(at + 2));
    assertEquals("[ERROR]   hint: define it", lines.get(at + 3));
    assertTrue(lines.contains("[ERROR] " + path + ":3:1: error[E0203]: second problem"), log.text());
    assertTrue(untouched("dev/zoo/LeNet.java"), "a failed run leaves the previous sources alone");
  }

  @Test
  void aCompilerCrashIsAnExecutionErrorNotAFailureOfTheSpecs() throws Exception {
    spec("a.cnn", "network A 1\n");
    GenerateMojo mojo = mojo();
    mojo.setTranslator((root, files) -> {
      throw new IllegalStateException("boom");
    });
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("internal compiler error"), e.getMessage());
  }

  @Test
  void aLocationRelativeToTheSpecRootIsPrintedAbsolute() throws Exception {
    spec("dev/zoo/lenet.cnn", "network LeNet 1\n  x = y\n");
    GenerateMojo mojo = mojo();
    mojo.setTranslator((root, files) -> {
      dev.cnnspec.diag.Diagnostics diagnostics = new dev.cnnspec.diag.Diagnostics();
      diagnostics.error(dev.cnnspec.diag.DiagnosticCode.UNDEFINED_NAME,
          dev.cnnspec.diag.Location.of("dev/zoo/lenet.cnn", 2, 7), "undefined name y", "");
      String text = "network LeNet 1\n  x = y\n";
      return new SpecTranslator.Translation(new dev.cnnspec.Compilation(List.of(), diagnostics,
          java.util.Map.of("dev/zoo/lenet.cnn", new dev.cnnspec.diag.SourceText("dev/zoo/lenet.cnn", text))), List.of());
    });
    assertThrows(MojoFailureException.class, mojo::execute);
    String path = specs.resolve("dev/zoo/lenet.cnn").toString();
    int at = log.lines.indexOf("[ERROR] " + path + ":2:7: error[E0203]: undefined name y");
    assertTrue(at >= 0, log.text());
    assertEquals("[ERROR]  2 |   x = y", log.lines.get(at + 1));
  }

  @Test
  void warningsFailTheBuildOnlyWithFailOnWarning() throws Exception {
    spec("a.cnn", "network A 1\n");
    SpecTranslator warns = (root, files) -> {
      SpecTranslator.Translation t = translator.translate(root, files);
      t.compilation().diagnostics().warning(dev.cnnspec.diag.DiagnosticCode.UNUSED_TENSOR,
          dev.cnnspec.diag.Location.of(files.get(0).toString(), 1, 1), "tensor t is never used", "");
      return t;
    };
    GenerateMojo lenient = mojo();
    lenient.setTranslator(warns);
    lenient.execute();
    assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("[WARNING] ") && l.contains(":1:1: warning[W0216]")),
        log.text());
    GenerateMojo strict = mojo();
    strict.setTranslator(warns);
    strict.failOnWarning = true;
    MojoFailureException e = assertThrows(MojoFailureException.class, strict::execute);
    assertTrue(e.getMessage().contains("1 warning"), e.getMessage());
  }
}
