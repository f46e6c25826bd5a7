package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports on real directories: relative resolution, spec roots, missing files, cycles, parse-once. */
class ImportsTest {
  @TempDir
  Path dir;

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private Specs.Elaborated load(List<Path> roots, Path... files) {
    Diagnostics diagnostics = new Diagnostics();
    SpecLoader.Loaded loaded = new SpecLoader(roots, diagnostics).loadFiles(List.of(files));
    return new Specs.Elaborated(new Elaborator(diagnostics, Map.of()).elaborate(loaded).graphs(), diagnostics);
  }

  static final String BLOCK = """
      layer conv3 = conv(kernel: 3, padding: same, activation: relu)
      block double(x: tensor, f: int) {
        return x -> conv3(f) -> conv3(f)
      }
      """;

  @Test
  void importIsRelativeToTheImportingFile() throws IOException {
    Path blocks = write("specs/blocks/double.cnn", BLOCK);
    Path main = write("specs/nets/main.cnn", """
        import "../blocks/double.cnn"
        network N() {
          input image: [8, 8, 1]
          d = image -> double(4)
          output o = d -> flatten -> dense(2)
        }
        """);
    Specs.Elaborated r = load(List.of(dir.resolve("specs")), main).clean();
    NetworkGraph g = r.only();
    assertEquals("d/conv_1: conv[image]\nd/conv_2: conv[d/conv_1]\nflatten_1: flatten[d/conv_2]\no: dense[flatten_1]\n",
        Specs.wiring(g));
    // layers made by an imported block are located in the imported file
    assertEquals(Location.of(blocks.toString(), 3, 15), g.layer("d/conv_1").orElseThrow().location());
  }

  @Test
  void missingImportIsE0301() throws IOException {
    Path main = write("main.cnn", "import \"nope.cnn\"\n");
    assertEquals(main + ":1:8: error[E0301]: import \"nope.cnn\": " + dir.resolve("nope.cnn")
        + " does not exist (hint: check the path; imports are relative to the importing file)\n",
        load(List.of(), main).diagnostics().toString());
  }

  @Test
  void cyclicImportIsE0302AndNamesTheCycle() throws IOException {
    Path a = write("a.cnn", "import \"b.cnn\"\n");
    Path b = write("b.cnn", "import \"a.cnn\"\n");
    assertEquals(b + ":1:8: error[E0302]: cyclic import: " + a + " → " + b + " → " + a
        + " (hint: move what both files need into a third file that both import)\n",
        load(List.of(), a).diagnostics().toString());
  }

  @Test
  void importLeavingTheSpecRootsIsE0303() throws IOException {
    write("outside.cnn", BLOCK);
    Path main = write("specs/main.cnn", "import \"../outside.cnn\"\n");
    Path root = dir.resolve("specs");
    assertEquals(main + ":1:8: error[E0303]: import \"../outside.cnn\" resolves to " + dir.resolve("outside.cnn")
        + ", outside the spec roots (hint: spec roots are [" + root + "]; move the file under one of them)\n",
        load(List.of(root), main).diagnostics().toString());
  }

  @Test
  void eachFileIsParsedOnceAndItsErrorsReportedOnce() throws IOException {
    Path d = write("d.cnn", "layer broken = conv(\n");
    write("b.cnn", "import \"d.cnn\"\n");
    write("c.cnn", "import \"d.cnn\"\n");
    Path a = write("a.cnn", "import \"b.cnn\"\nimport \"c.cnn\"\n");
    Specs.Elaborated r = load(List.of(), a, d);
    assertEquals(1, r.diagnostics().all().size(), r.diagnostics()::toString);
    assertEquals(d + ":1:21: error[E0101]: expected an expression or ')' to close the argument list of conv, found end of file"
        + " (hint: check that every '(' has its ')' and that arguments are separated by ',')\n", r.diagnostics().toString());
  }

  @Test
  void duplicateNamesAcrossImportsAreE0206() throws IOException {
    Path b = write("b.cnn", BLOCK);
    Path a = write("a.cnn", "import \"b.cnn\"\nblock double(x: tensor) {\n  return x\n}\n");
    assertEquals(b + ":2:7: error[E0206]: block `double` is already defined at " + a + ":2:7 (hint: rename one of them)\n",
        load(List.of(), a).diagnostics().toString());
  }

  @Test
  void compilerReadsFilesAndKeepsEverySource() throws IOException {
    write("blocks.cnn", BLOCK);
    Path main = write("main.cnn", "import \"blocks.cnn\"\nnetwork N() {\n  input v: [3]\n  x = v -> relu\n}\n");
    Path missing = dir.resolve("missing.cnn");
    Compilation c = new CnnCompiler(List.of(dir), Map.of()).compileFiles(List.of(main, missing));
    assertEquals(List.of(dir.resolve("blocks.cnn").toString(), main.toString()),
        c.sources().keySet().stream().sorted().toList());
    String rendered = c.renderDiagnostics();
    assertTrue(rendered.contains(missing + ": error[E0301]: spec file: " + missing + " does not exist"), rendered);
    assertTrue(rendered.contains(main + ":2:9: error[E0213]: network N has no output"), rendered);
    assertTrue(c.networks().isEmpty());
  }

  @Test
  void inMemorySourcesImportEachOther() {
    Compilation c = new CnnCompiler(List.of(), Map.of()).compile(List.of(
        new SourceText("specs/main.cnn", "import \"lib/blocks.cnn\"\nnetwork N() {\n  input v: [3]\n  x = v -> double(2)\n}\n"),
        new SourceText("specs/lib/blocks.cnn", BLOCK)));
    assertEquals("specs/main.cnn:2:9: error[E0213]: network N has no output (hint: add an output head, e.g. output probs"
        + " = x -> dense(classes, activation: softmax))\nspecs/main.cnn:4:3: warning[W0216]: tensor `x` in network N is"
        + " never used, so its layers are left out (hint: use it in a chain or an output, or delete it)\n",
        c.diagnostics().toString());
  }

  /** Issue 10 item 9: two compiled files declaring one network; E0222 at both, neither compiled. */
  @Test
  void oneNetworkNameInTwoCompiledFilesIsE0222AtBoth() throws IOException {
    String net = "network Tiny() {\n  input v: [4]\n  output o = v -> dense(2)\n}\n";
    Path a = write("specs/a.cnn", net);
    Path b = write("specs/sub/b.cnn", "network Other = Tiny()\n" + net);
    Specs.Elaborated r = load(List.of(dir.resolve("specs")), a, b);
    String hint = " (hint: generated classes and `cnn train Tiny` need one network per name; rename one of them)\n";
    assertEquals(a + ":1:9: error[E0222]: network `Tiny` is declared again at " + b + ":2:9" + hint
        + b + ":2:9: error[E0222]: network `Tiny` is also declared at " + a + ":1:9" + hint, r.diagnostics().toString());
    assertEquals(List.of(), r.graphs());
  }

  @Test
  void aNetworkDeclaredAgainInAnImportedFileStaysE0206() throws IOException {
    String net = "network Tiny() {\n  input v: [4]\n  output o = v -> dense(2)\n}\n";
    Path b = write("specs/b.cnn", net);
    Path a = write("specs/a.cnn", "import \"b.cnn\"\n" + net);
    Specs.Elaborated r = load(List.of(dir.resolve("specs")), a, b);
    assertEquals(List.of("E0206"), r.diagnostics().all().stream().map(d -> d.code().id()).distinct().toList(),
        r.diagnostics()::toString);
  }
}
