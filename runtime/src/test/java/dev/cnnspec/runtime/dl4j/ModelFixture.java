package dev.cnnspec.runtime.dl4j;

import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.LayerNode;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.OutputModel;
import dev.cnnspec.model.OutputNode;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import dev.cnnspec.model.Size2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link NetworkModel}s for back-end tests without the parser or checker (written in
 * parallel): a graph through {@link GraphBuilder}, then a minimal Keras-rule shape inference so that
 * the model carries the shapes the back end reads. Its parameter counts are only a cross-check; tests
 * assert hand-derived numbers.
 */
public final class ModelFixture {
  private final GraphBuilder graph;

  private ModelFixture(String name) {
    graph = new GraphBuilder(name, Location.of("test.cnn", 1, 1));
  }

  public static ModelFixture network(String name) {
    return new ModelFixture(name);
  }

  public ModelFixture input(String name, Shape shape) {
    graph.input(name, shape, Location.UNKNOWN);
    return this;
  }

  /** Adds a layer and returns the tensor it produces (its MFM's when the activation is mfm). */
  public String layer(String name, Op op, String... inputs) {
    return graph.layer(name, op, List.of(inputs), Location.UNKNOWN);
  }

  public ModelFixture output(String name, String source, Loss loss, double weight) {
    graph.output(name, source, loss, weight, Location.UNKNOWN);
    return this;
  }

  public static Op.Conv2D conv(int filters, int kernel, Padding padding, Activation activation) {
    return new Op.Conv2D(filters, Size2D.square(kernel), Size2D.square(1), padding, Size2D.square(1),
        activation, Activation.DEFAULT_LEAKY_ALPHA, true);
  }

  public static Op.Dense dense(int units, Activation activation) {
    return new Op.Dense(units, activation, Activation.DEFAULT_LEAKY_ALPHA, true);
  }

  public NetworkModel check() {
    NetworkGraph g = graph.build();
    Map<String, Shape> shapes = new HashMap<>();
    g.inputs().forEach(i -> shapes.put(i.name(), i.shape()));
    List<LayerModel> layers = new ArrayList<>();
    for (LayerNode node : g.layers()) {
      Shape in = shapes.get(node.inputs().get(0));
      Shape out = outputShape(node, in, shapes);
      long params = parameters(node.op(), in, out);
      long trainable = node.op() instanceof Op.BatchNorm ? params / 2 : params;
      shapes.put(node.name(), out);
      layers.add(new LayerModel(node, out, params, trainable, 0));
    }
    List<OutputModel> outputs = new ArrayList<>();
    for (OutputNode o : g.outputs()) {
      outputs.add(new OutputModel(o, shapes.get(o.source())));
    }
    return new NetworkModel(g, layers, outputs);
  }

  private static Shape outputShape(LayerNode node, Shape in, Map<String, Shape> shapes) {
    Op op = node.op();
    if (op instanceof Op.Conv2D c) {
      Shape.Spatial s = (Shape.Spatial) in;
      return Shape.spatial(size(s.height(), (c.kernel().height() - 1) * c.dilation().height() + 1,
          c.stride().height(), c.padding()), size(s.width(), (c.kernel().width() - 1) * c.dilation().width() + 1,
          c.stride().width(), c.padding()), c.filters());
    } else if (op instanceof Op.Pool2D p) {
      Shape.Spatial s = (Shape.Spatial) in;
      return Shape.spatial(size(s.height(), p.pool().height(), p.stride().height(), p.padding()),
          size(s.width(), p.pool().width(), p.stride().width(), p.padding()), s.channels());
    } else if (op instanceof Op.GlobalPool) {
      return Shape.flat(((Shape.Spatial) in).channels());
    } else if (op instanceof Op.ZeroPad z) {
      Shape.Spatial s = (Shape.Spatial) in;
      return Shape.spatial(s.height() + z.top() + z.bottom(), s.width() + z.left() + z.right(), s.channels());
    } else if (op instanceof Op.Dense d) {
      return Shape.flat(d.units());
    } else if (op instanceof Op.Flatten) {
      return Shape.flat((int) in.elements());
    } else if (op instanceof Op.Mfm) {
      return in instanceof Shape.Spatial s ? Shape.spatial(s.height(), s.width(), s.channels() / 2)
          : Shape.flat(((Shape.Flat) in).size() / 2);
    } else if (op instanceof Op.Concat) {
      int sum = node.inputs().stream().mapToInt(n -> channels(shapes.get(n))).sum();
      return in instanceof Shape.Spatial s ? Shape.spatial(s.height(), s.width(), sum) : Shape.flat(sum);
    }
    return in; // dropout, batchnorm, activations, add
  }

  private static int size(int in, int kernel, int stride, Padding padding) {
    return padding == Padding.SAME ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
  }

  private static int channels(Shape s) {
    return s instanceof Shape.Spatial sp ? sp.channels() : ((Shape.Flat) s).size();
  }

  private static long parameters(Op op, Shape in, Shape out) {
    if (op instanceof Op.Conv2D c) {
      return (long) c.kernel().height() * c.kernel().width() * channels(in) * c.filters() + (c.bias() ? c.filters() : 0);
    } else if (op instanceof Op.Dense d) {
      return in.elements() * d.units() + (d.bias() ? d.units() : 0);
    } else if (op instanceof Op.BatchNorm) {
      return 4L * channels(in);
    }
    return 0;
  }
}
