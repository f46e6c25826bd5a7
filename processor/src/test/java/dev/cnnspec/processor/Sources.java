package dev.cnnspec.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cnnspec.testing.MiniChecker;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Assertions;

/** TEST ONLY: builds network interfaces line by line and compiles them with the processor. */
final class Sources {
  static final String HEADER = """
      package test;

      import dev.cnnspec.annotations.*;
      import dev.cnnspec.model.Activation;
      import dev.cnnspec.model.Loss;
      import dev.cnnspec.model.Padding;

      """;

  /** LeNet-5 as an interface: the spec's network, written in Java. */
  static final String LENET = HEADER + """
      @Network(name = "LeNet5")
      interface LeNet5Spec {
        @Input(height = 32, width = 32, channels = 1) Spatial image();
        @Conv(filters = 6, kernel = 5, activation = Activation.RELU) Spatial c1(Spatial image);
        @MaxPool Spatial s2(Spatial c1);
        @Conv(filters = 16, kernel = 5, activation = Activation.RELU) Spatial c3(Spatial s2);
        @MaxPool Spatial s4(Spatial c3);
        @Flatten Flat f5(Spatial s4);
        @Dense(units = 120, activation = Activation.RELU) Flat f6(Flat f5);
        @Dense(units = 84, activation = Activation.RELU) Flat f7(Flat f6);
        @Output @Dense(units = 10, activation = Activation.SOFTMAX) Flat probs(Flat f7);
      }
      """;

  private Sources() {}

  static JavaFileObject file(String name, String text) {
    return JavaFileObjects.forSourceString("test." + name, text);
  }

  /** LeNet with one line replaced: {@code from} must occur exactly once. */
  static String lenetWith(String from, String to) {
    Assertions.assertEquals(1, LENET.split(java.util.regex.Pattern.quote(from), -1).length - 1, from);
    return LENET.replace(from, to);
  }

  /** The 1-based line of the only line containing {@code snippet}. */
  static long lineOf(String source, String snippet) {
    List<String> lines = source.lines().toList();
    long found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(snippet)) {
        Assertions.assertEquals(-1, found, "snippet occurs twice: " + snippet);
        found = i + 1;
      }
    }
    Assertions.assertNotEquals(-1, found, "no line contains " + snippet);
    return found;
  }

  static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new CnnSpecProcessor(new MiniChecker()::check)).compile(files);
  }

  /** Bad input must give diagnostics a person can act on, never a stack trace of ours. */
  static void assertNoCrash(Compilation compilation) {
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(null);
      Assertions.assertFalse(message.contains("E0901") || message.contains("Exception")
          || message.contains("\tat "), "crash reported: " + message);
    }
  }
}
