package dev.cnnspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mojo with the real compiler and generator (needs the language, checker and generator). */
class CompilerTranslatorTest {
  @TempDir Path module;

  private GenerateMojo mojo(RecordingLog log) {
    GenerateMojo mojo = new GenerateMojo();
    mojo.sourceDirectory = module.resolve("src/main/cnn").toFile();
    mojo.outputDirectory = module.resolve("target/generated-sources/cnn").toFile();
    mojo.manifestFile = module.resolve("target/cnn-spec/generated-sources.lst").toFile();
    mojo.project = new MavenProject();
    mojo.setLog(log);
    return mojo;
  }

  @Test
  void aSpecBecomesAClassInThePackageOfItsDirectory() throws Exception {
    Path spec = module.resolve("src/main/cnn/org/example/tiny.cnn");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, """
        network Tiny(classes: int = 3) {
          input image: [8, 8, 1]
          f = image -> conv(4, 3, activation: relu) -> flatten
          output probs = f -> dense(classes, activation: softmax)
        }
        """);
    mojo(new RecordingLog()).execute();
    String java = Files.readString(module.resolve("target/generated-sources/cnn/org/example/Tiny.java"));
    assertTrue(java.startsWith("package org.example;"), java);
    // conv 4·(9·1 + 1) = 40; 6·6·4 = 144 → dense 144·3 + 3 = 435; total 475.
    assertTrue(java.contains("TOTAL_PARAMETERS = 475L"), java);
  }

  @Test
  void aShapeErrorIsReportedAtItsFileLineAndColumn() throws Exception {
    Path spec = module.resolve("src/main/cnn/org/example/bad.cnn");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, """
        network Bad() {
          input image: [4, 4, 1]
          output probs = image -> conv(2, 5) -> flatten -> dense(2, activation: softmax)
        }
        """);
    RecordingLog log = new RecordingLog();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo(log)::execute);
    assertTrue(e.getMessage().startsWith("cnn-spec: 1 error in the .cnn specs"), e.getMessage());
    String first = log.lines.stream().filter(l -> l.startsWith("[ERROR] ")).findFirst().orElseThrow();
    assertTrue(first.matches("\\[ERROR\\] .*bad\\.cnn:3:27: error\\[E0401\\]: .*"), first);
    int at = log.lines.indexOf(first);
    assertEquals("[ERROR]  3 |   output probs = image -> conv(2, 5) -> flatten -> dense(2, activation: softmax)",
        log.lines.get(at + 1));
    assertTrue(log.lines.get(at + 2).endsWith("^"), log.lines.get(at + 2));
  }

  /** Issue 10 item 9: two files of one package declaring one network would write one class twice. */
  @Test
  void aNetworkNameDeclaredInTwoFilesIsReportedAtBoth() throws Exception {
    Path a = module.resolve("src/main/cnn/org/example/a.cnn");
    Path b = module.resolve("src/main/cnn/org/example/b.cnn");
    Files.createDirectories(a.getParent());
    String net = "network Tiny() {\n  input v: [4]\n  output o = v -> dense(2)\n}\n";
    Files.writeString(a, net);
    Files.writeString(b, "\n" + net);
    RecordingLog log = new RecordingLog();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo(log)::execute);
    assertTrue(e.getMessage().startsWith("cnn-spec: 2 errors in the .cnn specs"), e.getMessage());
    assertTrue(log.lines.stream().anyMatch(l -> l.matches("\\[ERROR\\] .*a\\.cnn:1:9: error\\[E0222\\]: network `Tiny`"
        + " is declared again at .*b\\.cnn:2:9")), log.lines::toString);
    assertTrue(log.lines.stream().anyMatch(l -> l.matches("\\[ERROR\\] .*b\\.cnn:2:9: error\\[E0222\\]: network `Tiny`"
        + " is also declared at .*a\\.cnn:1:9")), log.lines::toString);
  }

  /** Issue 11 item 1 in a build of someone else's repository: a spec that links out is refused, never quoted. */
  @Test
  void aSpecLinkingOutOfTheSourceDirectoryIsRefusedWithoutQuotingIt() throws Exception {
    Path secret = Files.writeString(module.resolve("secret.txt"), "SECRET-LINE network\n");
    Path dir = Files.createDirectories(module.resolve("src/main/cnn/org/example"));
    Files.createSymbolicLink(dir.resolve("evil.cnn"), secret);
    RecordingLog log = new RecordingLog();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo(log)::execute);
    assertTrue(e.getMessage().startsWith("cnn-spec: 1 error in the .cnn specs"), e.getMessage());
    assertTrue(log.lines.stream().anyMatch(l -> l.contains("error[E0303]: spec file ") && l.contains("evil.cnn is a symbolic"
        + " link to outside the spec roots")), log.lines::toString);
    assertTrue(log.lines.stream().noneMatch(l -> l.contains("SECRET")), log.lines::toString);
  }
}
