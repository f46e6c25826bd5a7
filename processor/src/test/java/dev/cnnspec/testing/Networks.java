package dev.cnnspec.testing;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.NetworkParameter;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.ParameterType;
import dev.cnnspec.model.PoolType;
import dev.cnnspec.model.Size2D;
import dev.cnnspec.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * TEST ONLY: networks built by hand through {@link GraphBuilder}, as the elaborator would build
 * them from the spec text below (which the parser cannot read yet on this branch). Locations point
 * at the layer tokens of that text, so generated Javadoc and diagnostics quote real positions.
 */
public final class Networks {
  public static final String LENET_PATH = "dev/cnnspec/zoo/lenet.cnn";
  public static final String LENET_TEXT = """
      // LeNet-5 (LeCun et al. 1998) on 32x32 grey images.
      network LeNet5(classes: int = 10) {
        input image: [32, 32, 1]
        f = image -> conv(6, 5, activation: relu) -> maxpool(2)
                  -> conv(16, 5, activation: relu) -> maxpool(2) -> flatten
        output probs = f -> dense(120, activation: relu) -> dense(84, activation: relu)
                         -> dense(classes, activation: softmax)
      }
      """;

  private Networks() {}

  public static SourceText lenetSource(String path) {
    return new SourceText(path, LENET_TEXT);
  }

  /** LeNet-5 as elaborated from {@link #LENET_TEXT} at {@code path}, with {@code classes} outputs. */
  public static NetworkGraph lenet5Graph(String path, int classes) {
    GraphBuilder g = new GraphBuilder("LeNet5", at(path, 2, "LeNet5", 0));
    g.parameter(new NetworkParameter("classes", ParameterType.INT, Optional.of(10), classes,
        at(path, 2, "classes", 0)));
    g.input("image", Shape.spatial(32, 32, 1), at(path, 3, "image", 0));
    String t = g.layer("conv_1", conv(6), List.of("image"), at(path, 4, "conv", 0));
    t = g.layer("maxpool_1", pool(), List.of(t), at(path, 4, "maxpool", 0));
    t = g.layer("conv_2", conv(16), List.of(t), at(path, 5, "conv", 0));
    t = g.layer("maxpool_2", pool(), List.of(t), at(path, 5, "maxpool", 0));
    t = g.layer("f", new Op.Flatten(), List.of(t), at(path, 5, "flatten", 0));
    t = g.layer("dense_1", dense(120, Activation.RELU), List.of(t), at(path, 6, "dense", 0));
    t = g.layer("dense_2", dense(84, Activation.RELU), List.of(t), at(path, 6, "dense", 1));
    t = g.layer("probs", dense(classes, Activation.SOFTMAX), List.of(t), at(path, 7, "dense", 0));
    g.output("probs", t, Loss.CROSS_ENTROPY, 1.0, at(path, 6, "probs", 0));
    return g.build();
  }

  public static NetworkModel lenet5(String path) {
    Diagnostics diagnostics = new Diagnostics();
    return new MiniChecker().check(lenet5Graph(path, 10), diagnostics)
        .orElseThrow(() -> new AssertionError(diagnostics.toString()));
  }

  private static Op conv(int filters) {
    return new Op.Conv2D(filters, Size2D.square(5), Size2D.square(1), Padding.VALID, Size2D.square(1),
        Activation.RELU, Activation.DEFAULT_LEAKY_ALPHA, true);
  }

  private static Op pool() {
    return new Op.Pool2D(PoolType.MAX, Size2D.square(2), Size2D.square(2), Padding.VALID);
  }

  private static Op dense(int units, Activation activation) {
    return new Op.Dense(units, activation, Activation.DEFAULT_LEAKY_ALPHA, true);
  }

  /** The 1-based position of the n-th (0-based) {@code token} on {@code line} of the LeNet text. */
  static Location at(String path, int line, String token, int occurrence) {
    String text = LENET_TEXT.lines().toList().get(line - 1);
    int col = -1;
    for (int i = 0; i <= occurrence; i++) {
      col = text.indexOf(token, col + 1);
    }
    if (col < 0) {
      throw new IllegalArgumentException(token + " not on line " + line);
    }
    return Location.of(path, line, col + 1);
  }
}
