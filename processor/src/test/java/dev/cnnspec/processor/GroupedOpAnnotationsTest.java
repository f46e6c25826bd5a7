package dev.cnnspec.processor;

import static dev.cnnspec.processor.Sources.assertNoCrash;
import static dev.cnnspec.processor.Sources.file;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code @Conv(groups = …)}, {@code @ChannelShuffle} and {@code @ChannelSplit} make the ops the
 * language's {@code conv(…, groups: …)}, {@code channel_shuffle} and {@code channel_split} make (a
 * ShuffleNetV2 unit written both ways gives equal op lists), and a split index outside its parts
 * is an error on the annotation value.
 */
class GroupedOpAnnotationsTest {
  private static final String INTERFACE = Sources.HEADER + """
      @Network(name = "Shuffle")
      interface ShuffleSpec {
        @Input(height = 8, width = 8, channels = 8) Spatial image();
        @ChannelSplit(parts = 2, index = 0) Spatial a(Spatial image);
        @ChannelSplit(parts = 2, index = 1) Spatial b(Spatial image);
        @Conv(filters = 4, kernel = 3, pad = 1, groups = 4) Spatial d(Spatial b);
        @Conv(filters = 4, kernel = 1, groups = 2, activation = Activation.RELU) Spatial p(Spatial d);
        @Concat Spatial c(Spatial a, Spatial p);
        @ChannelShuffle(2) Spatial s(Spatial c);
        @Flatten Flat f(Spatial s);
        @Output @Dense(units = 10, activation = Activation.SOFTMAX) Flat probs(Flat f);
      }
      """;

  private static final String SPEC = """
      network Shuffle() {
        input image: [8, 8, 8]
        a = image -> channel_split(2, 0)
        b = image -> channel_split(2, 1)
        d = b -> conv(4, 3, padding: 1, groups: 4)
        p = d -> conv(4, 1, groups: 2, activation: relu)
        c = concat(a, p)
        s = c -> channel_shuffle(2)
        f = s -> flatten
        output probs = f -> dense(10, activation: softmax)
      }
      """;

  @Test
  void interfaceAndSpecMakeEqualOps() {
    List<String> fromSpec = NewOpAnnotationsTest.assertEqualOps("ShuffleSpec", INTERFACE, SPEC);
    assertTrue(fromSpec.toString().contains("groups=4") && fromSpec.toString().contains("ChannelShuffle[groups=2]"),
        fromSpec.toString());
  }

  @Test
  void aSplitIndexOutsideItsPartsIsAnErrorOnTheValue() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new CnnSpecProcessor((graph, diagnostics) -> Optional.empty()))
        .compile(file("ShuffleSpec", INTERFACE.replace("index = 1)", "index = 2)")));
    assertNoCrash(compilation);
    String errors = compilation.errors().toString();
    assertTrue(errors.contains("the part index must be from 0 to 1, not 2"), errors);
  }
}
