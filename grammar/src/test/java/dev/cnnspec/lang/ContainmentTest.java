package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 items 1–2 on real directories with real symbolic links: no import reaches a file outside
 * the spec roots, however it is spelled, and no byte of such a file appears in any output. The
 * outside file is a secret of our own (and /etc/passwd where it exists), written so that it would
 * be a syntax error whose line the renderer would echo if it were ever read.
 */
class ContainmentTest {
  static final String SECRET = "SECRET-LINE-7f3a network";

  @TempDir
  Path dir;
  Path root;
  Path outside;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.cnn"), SECRET + "\n");
    Files.writeString(root.resolve("inside.cnn"), "layer c3 = conv(kernel: 3)\n");
  }

  private Path main(String importName) throws IOException {
    return Files.writeString(root.resolve("main.cnn"), "import \"" + importName + "\"\n"
        + "network N() {\n  input v: [4]\n  output o = v -> dense(2)\n}\n");
  }

  private Compilation compile(List<Path> roots, Path file) {
    return new CnnCompiler(roots, Map.of()).compileFiles(List.of(file));
  }

  private void assertRefused(String importName, String messagePart) throws IOException {
    Path main = main(importName);
    for (List<Path> roots : List.of(List.of(root), List.<Path>of())) {
      Compilation c = compile(roots, main);
      String out = c.renderDiagnostics();
      assertEquals(1, c.diagnostics().all().size(), out);
      assertEquals("E0303", c.diagnostics().all().get(0).code().id(), out);
      assertEquals(main + ":1:8", c.diagnostics().all().get(0).location().toString(), out);
      assertTrue(out.contains(messagePart), out);
      assertFalse(out.contains("SECRET"), out);
      assertFalse(out.contains("root:x:"), out);
      assertEquals(List.of(main.toString()), List.copyOf(c.sources().keySet()), "nothing outside is read");
    }
  }

  @Test
  void aSymlinkToAFileOutsideIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("link.cnn"), outside.resolve("secret.cnn"));
    assertRefused("link.cnn", "goes through a symbolic link to outside the spec roots");
  }

  @Test
  void aSymlinkToEtcPasswdIsRefused() throws IOException {
    Path passwd = Path.of("/etc/passwd");
    if (Files.isReadable(passwd)) {
      Files.createSymbolicLink(root.resolve("passwd.cnn"), passwd);
      assertRefused("passwd.cnn", "symbolic link");
    }
  }

  @Test
  void aSymlinkedDirectoryCannotEscape() throws IOException {
    Files.createSymbolicLink(root.resolve("shared"), outside);
    assertRefused("shared/secret.cnn", "goes through a symbolic link to outside the spec roots");
  }

  @Test
  void dotDotAndItsDisguisesAreRefused() throws IOException {
    assertRefused("../outside/secret.cnn", "outside the spec roots");
    assertRefused("././x/../../outside/secret.cnn", "outside the spec roots");
    Files.createDirectories(root.resolve("blocks"));
    assertRefused("blocks/../../outside//secret.cnn", "outside the spec roots");
  }

  @Test
  void absolutePathsAreRefused() throws IOException {
    assertRefused(outside.resolve("secret.cnn").toString(), "is an absolute path");
    assertRefused("/etc/passwd", "is an absolute path");
  }

  @Test
  void linksThatStayInsideAndDotDotThatStaysInsideAreFine() throws IOException {
    Files.createDirectories(root.resolve("nets"));
    Files.createSymbolicLink(root.resolve("alias.cnn"), root.resolve("inside.cnn"));
    Path net = Files.writeString(root.resolve("nets/net.cnn"), "import \"../alias.cnn\"\n"
        + "network N() {\n  input v: [8, 8, 1]\n  output o = v -> c3(2) -> flatten -> dense(2)\n}\n");
    Compilation c = compile(List.of(root), net);
    assertTrue(c.succeeded(), c::renderDiagnostics);
  }

  @Test
  void onlySpecFilesAreImported() throws IOException {
    Files.writeString(root.resolve("notes.txt"), "SECRET notes\n");
    Path main = main("notes.txt");
    Compilation c = compile(List.of(root), main);
    assertEquals(main + ":1:8: error[E0301]: import \"notes.txt\" does not name a .cnn file"
        + " (hint: imports name spec files, e.g. \"blocks/layers.cnn\")\n", c.diagnostics().toString());
    assertFalse(c.renderDiagnostics().contains("SECRET"));
  }

  @Test
  void anInMemorySourceWithoutRootsReadsNothingFromDisk() {
    Specs.Elaborated r = Specs.elaborate("import \"../../../../../../etc/passwd.cnn\"\n");
    assertEquals("test.cnn:1:8: error[E0301]: import \"../../../../../../etc/passwd.cnn\" names none of the sources"
        + " being compiled (hint: without spec roots, imports can only name the other sources given to the compiler;"
        + " configure a spec root to import files from disk)\n", r.diagnostics().toString());
  }

  @Test
  void aHugeOrBinarySpecFileIsRefusedByName() throws IOException {
    Path huge = root.resolve("huge.cnn");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(SpecLoader.MAX_FILE_BYTES + 1); // sparse: no 16 MB written
    }
    Compilation c = compile(List.of(root), main("huge.cnn"));
    assertEquals("E0301", c.diagnostics().all().get(0).code().id(), c::renderDiagnostics);
    assertTrue(c.diagnostics().all().get(0).message().endsWith("has 16777217 bytes, more than a spec file may have (16777216)"),
        c::renderDiagnostics);
    Files.write(root.resolve("latin1.cnn"), new byte[] {'l', 'a', 'y', 'e', 'r', ' ', (byte) 0xE9});
    Compilation d = compile(List.of(root), main("latin1.cnn"));
    assertTrue(d.diagnostics().all().get(0).message().endsWith("latin1.cnn is not UTF-8 text"), d::renderDiagnostics);
  }

  /** A compiled file, not only an import: the Maven plugin compiles every .cnn under its source directory. */
  @Test
  void aCompiledFileThatLinksOutOfTheRootsIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(root.resolve("evil.cnn"), outside.resolve("secret.cnn"));
    Compilation c = compile(List.of(root), link);
    assertEquals(link + ": error[E0303]: spec file " + link + " is a symbolic link to outside the spec roots (hint: spec"
        + " roots are [" + root + "]; copy the file under a root instead of linking to it)\n", c.diagnostics().toString());
    assertFalse(c.renderDiagnostics().contains("SECRET"), c::renderDiagnostics);
    assertEquals(List.of(), List.copyOf(c.sources().keySet()));
  }
}
