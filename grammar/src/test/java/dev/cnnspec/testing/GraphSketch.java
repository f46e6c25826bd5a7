package dev.cnnspec.testing;

import dev.cnnspec.diag.Location;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.GraphBuilder;
import dev.cnnspec.model.Loss;
import dev.cnnspec.model.NetworkGraph;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test helper over {@link GraphBuilder} that writes graphs as chains, the way specs do:
 *
 * <pre>
 * GraphSketch n = GraphSketch.network("LeNet5").input("image", 32, 32, 1);
 * n.from("image").conv(6, 5).maxpool(2).flatten().dense(10).output("probs");
 * NetworkGraph g = n.build();
 * </pre>
 *
 * Layers are named as the elaborator names them ({@code conv_1}, {@code conv_2}, … per kind)
 * unless {@link Chain#name} fixes the next one. Every input, layer and output gets its own line in
 * a pretend file {@value #FILE} (column 1), in the order added, so diagnostics can be asserted by
 * location: {@link #at(String)}.
 */
public final class GraphSketch {
  public static final String FILE = "test.cnn";

  private final GraphBuilder builder;
  private final Map<String, Integer> counters = new HashMap<>();
  private final Map<String, Location> locations = new HashMap<>();
  private int line = 1;

  private GraphSketch(String name) {
    this.builder = new GraphBuilder(name, next(name));
  }

  public static GraphSketch network(String name) {
    return new GraphSketch(name);
  }

  public GraphSketch input(String name, int height, int width, int channels) {
    return input(name, Shape.spatial(height, width, channels));
  }

  public GraphSketch input(String name, int size) {
    return input(name, Shape.flat(size));
  }

  public GraphSketch input(String name, Shape shape) {
    builder.input(name, shape, next(name));
    return this;
  }

  /** Starts a chain at an existing tensor. */
  public Chain from(String tensor) {
    return new Chain(tensor);
  }

  /** Adds one layer with an explicit name and inputs (which may name nothing: tests of E0502). */
  public String layer(String name, Op op, String... inputs) {
    Location at = next(name);
    String out = builder.layer(name, op, Arrays.asList(inputs), at);
    locations.putIfAbsent(out, at);
    return out;
  }

  /** Adds a layer named {@code <kind>_<k>}, counting per kind. */
  public String layer(Op op, String... inputs) {
    return layer(autoName(op.kind()), op, inputs);
  }

  public GraphSketch output(String name, String source) {
    return output(name, source, Loss.CROSS_ENTROPY, 1.0);
  }

  public GraphSketch output(String name, String source, Loss loss, double weight) {
    builder.output(name, source, loss, weight, next("output " + name));
    return this;
  }

  /** Where the input, layer ({@code "conv_1"}) or output ({@code "output probs"}) was added. */
  public Location at(String name) {
    Location at = locations.get(name);
    if (at == null) {
      throw new IllegalArgumentException("nothing named " + name + " was added");
    }
    return at;
  }

  /** The graph's own location (its header), where E0213 is reported. */
  public Location networkLocation() {
    return builder.build().location();
  }

  public NetworkGraph build() {
    return builder.build();
  }

  private String autoName(String kind) {
    String name;
    do {
      int k = counters.merge(kind, 1, Integer::sum);
      name = kind + "_" + k;
    } while (builder.isTaken(name));
    return name;
  }

  private Location next(String name) {
    Location at = Location.of(FILE, line++, 1);
    locations.putIfAbsent(name, at);
    return at;
  }

  /** A chain of layers in series from one tensor; each call adds a layer reading the current one. */
  public final class Chain {
    private String tensor;
    private String nextName;

    private Chain(String tensor) {
      this.tensor = tensor;
    }

    /** Names the next layer added (as {@code x = … -> layer} does in a spec). */
    public Chain name(String name) {
      this.nextName = name;
      return this;
    }

    public Chain then(Op op) {
      return then(op, List.of());
    }

    private Chain then(Op op, List<String> others) {
      List<String> inputs = new ArrayList<>();
      inputs.add(tensor);
      inputs.addAll(others);
      String name = nextName != null ? nextName : autoName(op.kind());
      nextName = null;
      tensor = layer(name, op, inputs.toArray(String[]::new));
      return this;
    }

    public Chain conv(int filters, int kernel) {
      return then(Ops.conv(filters, kernel));
    }

    public Chain conv(int filters, int kernel, Activation activation) {
      return then(Ops.conv(filters, kernel, 1, Padding.VALID, activation));
    }

    public Chain conv(int filters, int kernel, int stride, Padding padding) {
      return then(Ops.conv(filters, kernel, stride, padding, Activation.IDENTITY));
    }

    public Chain conv(int filters, int kernel, int stride, Padding padding, Activation activation) {
      return then(Ops.conv(filters, kernel, stride, padding, activation));
    }

    public Chain maxpool(int pool) {
      return then(Ops.maxpool(pool));
    }

    public Chain maxpool(int pool, int stride, Padding padding) {
      return then(Ops.pool(dev.cnnspec.model.PoolType.MAX, pool, stride, padding));
    }

    public Chain globalAvgPool() {
      return then(Ops.globalAvgPool());
    }

    public Chain zeroPad(int n) {
      return then(Ops.zeroPad(n));
    }

    public Chain flatten() {
      return then(Ops.flatten());
    }

    public Chain dense(int units) {
      return then(Ops.dense(units));
    }

    public Chain dense(int units, Activation activation) {
      return then(Ops.dense(units, activation));
    }

    public Chain batchNorm() {
      return then(Ops.batchNorm());
    }

    public Chain relu() {
      return then(Ops.relu());
    }

    public Chain mfm() {
      return then(Ops.mfm());
    }

    public Chain dropout(double rate) {
      return then(Ops.dropout(rate));
    }

    /** {@code x -> add(others…)}: the chain's tensor comes first. */
    public Chain add(String... others) {
      return then(Ops.add(), List.of(others));
    }

    public Chain concat(String... others) {
      return then(Ops.concat(), List.of(others));
    }

    /** The name of the chain's current tensor. */
    public String tensor() {
      return tensor;
    }

    /** Ends the chain in an output head reading its tensor. */
    public GraphSketch output(String name) {
      return GraphSketch.this.output(name, tensor);
    }
  }
}
