package dev.cnnspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cnnspec.processor.Sources.HEADER;
import static dev.cnnspec.processor.Sources.assertNoCrash;
import static dev.cnnspec.processor.Sources.compile;
import static dev.cnnspec.processor.Sources.file;
import static dev.cnnspec.processor.Sources.lenetWith;
import static dev.cnnspec.processor.Sources.lineOf;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Unknown and invalid annotation values and malformed interfaces: each fails compilation with a
 * diagnostic on the right line, and none crashes javac with a stack trace.
 */
class InvalidInterfaceTest {
  private static final String C1 =
      "@Conv(filters = 6, kernel = 5, activation = Activation.RELU) Spatial c1(Spatial image);";

  private static void failsOnLine(String source, String snippet, String message) {
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, snippet));
    assertNoCrash(compilation);
  }

  @Test
  void nonPositiveFilters() {
    String bad = "@Conv(filters = 0, kernel = 5) Spatial c1(Spatial image);";
    failsOnLine(lenetWith(C1, bad), bad, "[E0501] filters must be positive, not 0");
  }

  @Test
  void kernelWithThreeValues() {
    String bad = "@Conv(filters = 6, kernel = {5, 5, 5}) Spatial c1(Spatial image);";
    failsOnLine(lenetWith(C1, bad), bad, "kernel takes one value or {height, width}, not 3 values");
  }

  @Test
  void dropRateOutOfRange() {
    String bad = "@Dropout(1.5) Flat f6(Flat f5);";
    failsOnLine(lenetWith("@Dense(units = 120, activation = Activation.RELU) Flat f6(Flat f5);", bad), bad,
        "the drop rate must be in [0, 1), not 1.5");
  }

  @Test
  void inputWithoutCompleteShape() {
    String bad = "@Input(height = 32, channels = 1) Spatial image();";
    failsOnLine(lenetWith("@Input(height = 32, width = 32, channels = 1) Spatial image();", bad), bad,
        "input image needs either height, width and channels, or size alone");
  }

  @Test
  void misspelledEnumConstantIsLeftToJavac() {
    String bad = "@Conv(filters = 6, kernel = 5, activation = Activation.RELUU) Spatial c1(Spatial image);";
    Compilation compilation = compile(file("LeNet5Spec", lenetWith(C1, bad)));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("RELUU");
    assertNoCrash(compilation);
  }

  @Test
  void missingRequiredElementIsLeftToJavac() {
    String bad = "@Conv(kernel = 5) Spatial c1(Spatial image);";
    Compilation compilation = compile(file("LeNet5Spec", lenetWith(C1, bad)));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("filters");
    assertNoCrash(compilation);
  }

  @Test
  void stringWhereAnIntBelongs() {
    String bad = "@Conv(filters = \"six\", kernel = 5) Spatial c1(Spatial image);";
    Compilation compilation = compile(file("LeNet5Spec", lenetWith(C1, bad)));
    assertThat(compilation).failed();
    assertNoCrash(compilation);
  }

  @Test
  void unknownParameterType() {
    String bad = "@Conv(filters = 6, kernel = 5) Spatail c1(Spatial image);";
    Compilation compilation = compile(file("LeNet5Spec", lenetWith(C1, bad)));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("Spatail");
    assertNoCrash(compilation);
  }

  @Test
  void networkOnAClass() {
    String source = HEADER + "@Network\nabstract class NotAnInterface {}\n";
    Compilation compilation = compile(file("NotAnInterface", source));
    assertThat(compilation).hadErrorContaining("@Network goes on an interface")
        .inFile(compilation.sourceFiles().get(0)).onLine(lineOf(source, "@Network"));
    assertNoCrash(compilation);
  }

  @Test
  void methodWithoutAnnotation() {
    String bad = "Spatial c1(Spatial image);";
    failsOnLine(lenetWith(C1, bad), bad, "c1 declares no tensor");
  }

  @Test
  void twoLayerAnnotations() {
    String bad = "@MaxPool @AvgPool Spatial s2(Spatial c1);";
    failsOnLine(lenetWith("@MaxPool Spatial s2(Spatial c1);", bad), bad, "s2 has two layer annotations");
  }

  @Test
  void wrongNumberOfParameters() {
    String bad = "@MaxPool Spatial s2(Spatial c1, Spatial image);";
    failsOnLine(lenetWith("@MaxPool Spatial s2(Spatial c1);", bad), bad,
        "@MaxPool reads exactly one tensor, but s2 has 2 parameters");
  }

  @Test
  void noOutput() {
    String source = lenetWith("@Output @Dense", "@Dense");
    Compilation compilation = compile(file("LeNet5Spec", source));
    assertThat(compilation).hadErrorContaining("[E0213] network LeNet5 has no output");
    assertNoCrash(compilation);
  }

  @Test
  void networkNameThatIsNoIdentifier() {
    String source = lenetWith("@Network(name = \"LeNet5\")", "@Network(name = \"Le Net\")");
    failsOnLine(source, "@Network(name", "network name \"Le Net\" is not a Java identifier");
  }

  @Test
  void emptyInterface() {
    String source = HEADER + "@Network\ninterface Empty {}\n";
    Compilation compilation = compile(file("Empty", source));
    assertThat(compilation).hadErrorContaining("[E0213]");
    assertNoCrash(compilation);
  }
}
