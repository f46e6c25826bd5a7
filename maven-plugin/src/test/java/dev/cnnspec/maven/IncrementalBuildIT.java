package dev.cnnspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real {@code mvn -o compile} four times on a tiny module (edit a spec, add one, delete
 * one, change nothing) and checks what maven-compiler-plugin 3.13.0 then does with the generated
 * sources: only the edited network's source is rewritten, the added one appears, the deleted
 * one's source and classes go away, and an unchanged build compiles nothing.
 *
 * <p>The tiny module is built in a temporary reactor together with this repository's grammar, diagram,
 * processor, runtime and plugin modules (by relative path), so the plugin is taken from the
 * reactor and nothing is installed into ~/.m2. It starts Maven inside Maven (offline: the outer
 * build has already resolved everything it needs) and runs in the default build; alone:
 * {@code mvn -o -pl maven-plugin -am test -Dtest=IncrementalBuildIT -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class IncrementalBuildIT {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final FileTime OLD = FileTime.fromMillis(978_307_200_000L); // 2001-01-01

  @TempDir Path dir;

  @Test
  void editAddDeleteAndNothingRecompileExactlyWhatChanged() throws Exception {
    Path tiny = dir.resolve("tiny");
    writeReactor(tiny);
    Path specs = tiny.resolve("src/main/cnn/t");
    Path gen = tiny.resolve("target/generated-sources/cnn/t");
    Path classes = tiny.resolve("target/classes/t");
    Files.createDirectories(specs);
    Files.writeString(specs.resolve("a.cnn"), net("A", 10));
    Files.writeString(specs.resolve("b.cnn"), net("B", 20));
    mvn();
    assertTrue(Files.isRegularFile(classes.resolve("A.class")) && Files.isRegularFile(classes.resolve("B.class")));

    // Edit: only A.java is rewritten; B.java keeps its (back-dated) time.
    backDate(gen.resolve("A.java"), gen.resolve("B.java"));
    String oldA = Files.readString(gen.resolve("A.java"));
    Files.writeString(specs.resolve("a.cnn"), net("A", 30));
    String log = mvn();
    assertNotEquals(OLD, Files.getLastModifiedTime(gen.resolve("A.java")));
    assertNotEquals(oldA, Files.readString(gen.resolve("A.java")));
    assertEquals(OLD, Files.getLastModifiedTime(gen.resolve("B.java")));
    assertTrue(log.contains("Recompiling the module because of changed source code"), log);
    assertTrue(Files.getLastModifiedTime(classes.resolve("A.class")).compareTo(
        Files.getLastModifiedTime(gen.resolve("A.java"))) >= 0, "A.class is newer than the new A.java");

    // Add: C appears, A and B stay untouched.
    backDate(gen.resolve("A.java"));
    Files.writeString(specs.resolve("c.cnn"), net("C", 40));
    log = mvn();
    assertTrue(Files.isRegularFile(classes.resolve("C.class")), log);
    assertEquals(OLD, Files.getLastModifiedTime(gen.resolve("A.java")));
    assertEquals(OLD, Files.getLastModifiedTime(gen.resolve("B.java")));

    // Delete: B's source and every class of it (nested builder too) are gone.
    Files.delete(specs.resolve("b.cnn"));
    log = mvn();
    assertFalse(Files.exists(gen.resolve("B.java")), log);
    try (var stale = Files.list(classes)) {
      List<String> left = stale.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("B")).toList();
      assertEquals(List.of(), left, "classes of the deleted network");
    }
    assertTrue(log.contains("Recompiling the module because of added or removed source files"), log);

    // Nothing changed: nothing is written or compiled.
    log = mvn();
    assertTrue(log.contains("Nothing to compile - all classes are up to date"), log);
    assertEquals(OLD, Files.getLastModifiedTime(gen.resolve("A.java")));
  }

  private static String net(String name, int units) {
    return "network " + name + "(classes: int = 10) {\n"
        + "  input image: [8, 8, 1]\n"
        + "  f = image -> conv(4, 3, activation: relu) -> flatten\n"
        + "  output probs = f -> dense(" + units + ", activation: relu) -> dense(classes, activation: softmax)\n"
        + "}\n";
  }

  private static void backDate(Path... files) throws IOException {
    for (Path f : files) {
      Files.setLastModifiedTime(f, OLD);
    }
  }

  private void writeReactor(Path tiny) throws IOException {
    Files.createDirectories(tiny);
    StringBuilder modules = new StringBuilder();
    for (String m : List.of("grammar", "diagram", "processor", "runtime", "maven-plugin")) {
      modules.append("<module>").append(dir.relativize(REPO.resolve(m))).append("</module>");
    }
    Files.writeString(dir.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
        <groupId>it</groupId><artifactId>reactor</artifactId><version>1</version><packaging>pom</packaging>
        <modules>%s<module>tiny</module></modules></project>
        """.formatted(modules));
    Files.writeString(tiny.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
        <parent><groupId>dev.cnnspec</groupId><artifactId>cnn-spec-parent</artifactId>
          <version>0.1.0-SNAPSHOT</version><relativePath>%s</relativePath></parent>
        <artifactId>tiny</artifactId>
        <dependencies><dependency><groupId>dev.cnnspec</groupId><artifactId>cnn-spec-runtime</artifactId></dependency></dependencies>
        <build><plugins><plugin><groupId>dev.cnnspec</groupId><artifactId>cnn-spec-maven-plugin</artifactId>
          <version>0.1.0-SNAPSHOT</version><executions><execution><goals><goal>generate</goal></goals></execution></executions>
        </plugin></plugins></build></project>
        """.formatted(tiny.relativize(REPO.resolve("pom.xml"))));
  }

  /**
   * One build; the log is returned, a failed build fails the test with it. Not offline: Maven
   * injects plugin dependencies (plexus-utils 1.1 for a plugin that declares none) that the outer
   * build never resolves, so on a fresh machine an offline nested build fails before it starts.
   */
  private String mvn() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-Djavacpp.platform=linux-x86_64",
        "-f", dir.resolve("pom.xml").toString(), "compile"));
    Path out = dir.resolve("mvn.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "mvn did not finish");
    String log = Files.readString(out);
    assertEquals(0, p.exitValue(), log);
    return log;
  }
}
