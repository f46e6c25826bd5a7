package dev.cnnspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cnnspec.processor.Sources.assertNoCrash;
import static dev.cnnspec.processor.Sources.compile;
import static dev.cnnspec.processor.Sources.file;
import static dev.cnnspec.processor.Sources.lenetWith;
import static dev.cnnspec.processor.Sources.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Java front end end to end through javac: a valid interface yields its class; each kind of
 * mistake fails compilation on the line of the element responsible, with the diagnostic's id.
 */
class InterfaceProcessorTest {

  @Test
  void validInterfaceGeneratesItsNetworkClass() throws IOException {
    // The project's own lint settings (-processing: we never claim annotations, so that
    // other processors still see them), with every warning an error.
    Compilation compilation = Compiler.javac()
        .withProcessors(new CnnSpecProcessor(new dev.cnnspec.testing.MiniChecker()::check))
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(file("LeNet5Spec", Sources.LENET));
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated = compilation.generatedSourceFile("test.LeNet5").orElseThrow();
    String source = generated.getCharContent(true).toString();
    // 5·5·1·6+6 + 5·5·6·16+16 + 400·120+120 + 120·84+84 + 84·10+10, computed by hand
    assertTrue(source.contains("TOTAL_PARAMETERS = 61706L;"), source);
    assertTrue(source.contains("INPUT_SHAPE = List.of(32, 32, 1);"), source);
    assertTrue(source.contains("OUTPUT_NAMES = List.of(\"probs\");"), source);
    assertTrue(source.contains("from interface test.LeNet5Spec"), source);
  }

  @Test
  void defaultNameAppendsNetToTheInterfaceName() {
    Compilation compilation = compile(file("LeNet5Spec",
        lenetWith("@Network(name = \"LeNet5\")", "@Network")));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test.LeNet5SpecNet");
  }

  @Test
  void methodsMayBeWrittenInAnyOrder() {
    String reordered = lenetWith("  @Input(height = 32, width = 32, channels = 1) Spatial image();\n", "")
        .replace("}\n", "  @Input(height = 32, width = 32, channels = 1) Spatial image();\n}\n");
    assertThat(compile(file("LeNet5Spec", reordered))).succeeded();
  }

  @Test
  void shapeErrorFromTheCheckerIsReportedOnTheLayerMethod() {
    String bad = "@Conv(filters = 16, kernel = 15, activation = Activation.RELU) Spatial c3(Spatial s2);";
    String source = lenetWith("@Conv(filters = 16, kernel = 5, activation = Activation.RELU) Spatial c3(Spatial s2);",
        bad);
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[E0401] c3: 15×15 kernel is larger than its 14×14 input")
        .inFile(compilation.sourceFiles().get(0)).onLineContaining("kernel = 15");
    // The caret is on the kernel value, not on the annotation or the method.
    javax.tools.Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertEquals(lineOf(source, bad), error.getLineNumber());
    assertEquals(bad.indexOf("15") + 3, error.getColumnNumber()); // 2-space indent, 1-based
    assertNoCrash(compilation);
  }

  /** The production checker (a stub on the processor branch, hence the tag). */
  @Test
  @Tag("needs-parser")
  void theRealCheckerChecksInterfacesAndItsShapeErrorsLandOnTheLayerLine() {
    assertThat(Compiler.javac().withProcessors(new CnnSpecProcessor()).compile(file("LeNet5Spec", Sources.LENET)))
        .succeeded();
    String bad = "@Conv(filters = 16, kernel = 15, activation = Activation.RELU) Spatial c3(Spatial s2);";
    String source = lenetWith("@Conv(filters = 16, kernel = 5, activation = Activation.RELU) Spatial c3(Spatial s2);",
        bad);
    Compilation compilation = Compiler.javac().withProcessors(new CnnSpecProcessor())
        .compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("[E0401]")
        .inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, bad));
    assertNoCrash(compilation);
  }

  @Test
  void misspelledInputIsReportedOnTheParameterWithASuggestion() {
    String bad = "@MaxPool Spatial s4(Spatial c33);";
    String source = lenetWith("@MaxPool Spatial s4(Spatial c3);", bad);
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("[E0502] s4 reads c33, but no method of the network is named c33")
        .inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, bad));
    assertThat(compilation).hadErrorContaining("did you mean c3?");
    assertThat(compilation).hadErrorCount(1);
  }

  /** @Output on a Spatial tensor is a per-pixel head, in this front end as in .cnn files (the real checker). */
  @Test
  @Tag("needs-parser")
  void spatialOutputIsAPerPixelHead() throws IOException {
    String source = Sources.HEADER + """
        @Network(name = "Seg")
        interface SegSpec {
          @Input(height = 8, width = 8, channels = 1) Spatial image();
          @Conv(filters = 4, kernel = 3, padding = Padding.SAME, activation = Activation.RELU) Spatial f(Spatial image);
          @Output @Conv(filters = 3, kernel = 1) Spatial mask(Spatial f);
        }
        """;
    Compilation compilation = Compiler.javac().withProcessors(new CnnSpecProcessor()).compile(file("SegSpec", source));
    assertThat(compilation).succeeded();
    String generated = compilation.generatedSourceFile("test.Seg").orElseThrow().getCharContent(true).toString();
    assertTrue(generated.contains("MASK_SHAPE = List.of(8, 8, 3);"), generated);
    assertTrue(generated.contains("CnnLossLayer"), generated);
  }

  @Test
  void denseOnASpatialParameterIsRejectedBeforeShapes() {
    String bad = "@Dense(units = 120, activation = Activation.RELU) Flat f6(Spatial s4);";
    String source = lenetWith("@Dense(units = 120, activation = Activation.RELU) Flat f6(Flat f5);", bad);
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("[E0405] @Dense f6 reads the spatial tensor s4")
        .inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, bad));
    assertNoCrash(compilation);
  }

  @Test
  void parameterTypeMustMatchWhatTheMethodItNamesReturns() {
    String bad = "@Dense(units = 120, activation = Activation.RELU) Flat f6(Flat s4);";
    String source = lenetWith("@Dense(units = 120, activation = Activation.RELU) Flat f6(Flat f5);", bad);
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("[E0407] s4 returns Spatial but is read here as Flat")
        .inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, bad));
  }

  @Test
  void returnTypeMustMatchWhatTheLayerProduces() {
    String bad = "@Flatten Spatial f5(Spatial s4);";
    String source = lenetWith("@Flatten Flat f5(Spatial s4);", bad);
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("@Flatten f5 produces a Flat tensor but is declared to return Spatial")
        .inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, bad));
  }

  @Test
  void layersReadInAnyOrderButNotInACycle() {
    String bad = "@MaxPool Spatial s2(Spatial c3);";
    String source = lenetWith("@MaxPool Spatial s2(Spatial c1);", bad);
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("[E0209]");
    assertNoCrash(compilation);
  }

  @Test
  void mfmActivationIsSplitIntoItsOwnLayerAsInSpecs() {
    // MFM halves 12 filters to 6, so the next conv must read a 6-channel tensor named c1_mfm:
    // 5·5·6·16+16 parameters, the same count as LeNet's.
    String source = lenetWith("@Conv(filters = 6, kernel = 5, activation = Activation.RELU) Spatial c1(Spatial image);",
        "@Conv(filters = 12, kernel = 5, activation = Activation.MFM) Spatial c1(Spatial image);");
    Compilation compilation = Compiler.javac()
        .withProcessors(new CnnSpecProcessor((graph, diagnostics) -> {
          assertTrue(graph.layer("c1_mfm").isPresent(), graph.toString());
          assertTrue(graph.layer("s2").orElseThrow().inputs().contains("c1_mfm"), graph.toString());
          return java.util.Optional.empty();
        }))
        .compile(file("LeNet5Spec", source));
    assertNoCrash(compilation);
  }

  @Test
  void anOutputWithoutALayerReadsItsParameterWithTheGivenLossAndWeight() {
    String source = lenetWith("@Output @Dense(units = 10, activation = Activation.SOFTMAX) Flat probs(Flat f7);",
        "@Dense(units = 10, activation = Activation.SOFTMAX) Flat logits(Flat f7);\n"
            + "  @Output(loss = Loss.NLL, weight = 0.5) Flat probs(Flat logits);");
    java.util.List<dev.cnnspec.model.NetworkGraph> seen = new java.util.ArrayList<>();
    Compilation compilation = Compiler.javac()
        .withProcessors(new CnnSpecProcessor((graph, diagnostics) -> {
          seen.add(graph);
          return java.util.Optional.empty(); // only the graph matters here
        }))
        .compile(file("LeNet5Spec", source));
    assertThat(compilation).succeeded();
    assertEquals(java.util.List.of("probs"), seen.get(0).outputs().stream().map(o -> o.name()).toList());
    dev.cnnspec.model.OutputNode head = seen.get(0).outputs().get(0);
    assertEquals("logits", head.source());
    assertEquals(dev.cnnspec.model.Loss.NLL, head.loss());
    assertEquals(0.5, head.weight());
    assertTrue(seen.get(0).layer("probs").isEmpty(), "a bare output adds no layer");
  }

  @Test
  void aCrashOfOursIsReportedWithItsStackTraceAndJavacGoesOn() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new CnnSpecProcessor((graph, diagnostics) -> {
          throw new IllegalStateException("checker bug");
        }))
        .compile(file("LeNet5Spec", Sources.LENET));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[E0901] internal error in cnn-spec");
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: checker bug");
  }
}
