package dev.cnnspec.model;

import dev.cnnspec.diag.Location;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Assembles a {@link NetworkGraph} for a front end. It owns the rules every front end must apply
 * the same way, so that a spec and an interface describing one network yield equal graphs:
 * {@code activation: mfm} on a conv or dense becomes a separate {@link Op.Mfm} layer named
 * {@code <layer>_mfm}, and names are unique ({@link #uniqueName}).
 *
 * <p>It does not check wiring or shapes (that is the checker's job), only that it is handed
 * layers after the layers they read, which is the topological order the graph promises.
 */
public final class GraphBuilder {
  private final String name;
  private final Location location;
  private final List<NetworkParameter> parameters = new ArrayList<>();
  private final List<InputNode> inputs = new ArrayList<>();
  private final List<LayerNode> layers = new ArrayList<>();
  private final List<OutputNode> outputs = new ArrayList<>();
  private final List<BlockInstance> blocks = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  public GraphBuilder(String name, Location location) {
    this.name = name;
    this.location = location;
  }

  public GraphBuilder parameter(NetworkParameter parameter) {
    parameters.add(parameter);
    return this;
  }

  public GraphBuilder input(String inputName, Shape shape, Location at) {
    names.add(inputName);
    inputs.add(new InputNode(inputName, shape, at));
    return this;
  }

  public boolean isTaken(String candidate) {
    return names.contains(candidate);
  }

  /** {@code base} if free, else {@code base_2}, {@code base_3}, … */
  public String uniqueName(String base) {
    if (!names.contains(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String candidate = base + "_" + i;
      if (!names.contains(candidate)) {
        return candidate;
      }
    }
  }

  /**
   * Adds a layer and returns the name of the tensor it produces, which differs from
   * {@code layerName} when the op's MFM activation was split off into its own layer.
   */
  public String layer(String layerName, Op op, List<String> layerInputs, Location at) {
    return layer(layerName, op, layerInputs, at, name -> false);
  }

  /**
   * As {@link #layer(String, Op, List, Location)}, with the names the front end will still give to
   * layers the user named (definitions are order-independent, so a later {@code a_mfm = …} is not
   * taken yet): a generated {@code <layer>_mfm} avoids them, so user names are never renamed.
   */
  public String layer(String layerName, Op op, List<String> layerInputs, Location at, Predicate<String> reserved) {
    Op base = op;
    boolean mfm = false;
    if (op instanceof Op.Conv2D c && c.activation() == Activation.MFM) {
      base = new Op.Conv2D(c.filters(), c.kernel(), c.stride(), c.padding(), c.pad(), c.dilation(),
          Activation.IDENTITY, c.alpha(), c.bias(), c.groups());
      mfm = true;
    } else if (op instanceof Op.DepthwiseConv2D c && c.activation() == Activation.MFM) {
      base = new Op.DepthwiseConv2D(c.multiplier(), c.kernel(), c.stride(), c.padding(), c.pad(),
          Activation.IDENTITY, c.alpha(), c.bias());
      mfm = true;
    } else if (op instanceof Op.SeparableConv2D c && c.activation() == Activation.MFM) {
      base = new Op.SeparableConv2D(c.filters(), c.kernel(), c.stride(), c.padding(), c.pad(), c.dilation(),
          c.multiplier(), Activation.IDENTITY, c.alpha(), c.bias());
      mfm = true;
    } else if (op instanceof Op.ConvTranspose2D c && c.activation() == Activation.MFM) {
      base = new Op.ConvTranspose2D(c.filters(), c.kernel(), c.stride(), c.padding(), c.pad(), Activation.IDENTITY,
          c.alpha(), c.bias());
      mfm = true;
    } else if (op instanceof Op.Dense d && d.activation() == Activation.MFM) {
      base = new Op.Dense(d.units(), Activation.IDENTITY, d.alpha(), d.bias());
      mfm = true;
    } else if (op instanceof Op.ActivationOp a && a.activation() == Activation.MFM) {
      base = new Op.Mfm();
    }
    names.add(layerName);
    layers.add(new LayerNode(layerName, base, layerInputs, at));
    if (!mfm) {
      return layerName;
    }
    String mfmName = layerName + "_mfm";
    for (int i = 2; names.contains(mfmName) || reserved.test(mfmName); i++) {
      mfmName = layerName + "_mfm_" + i;
    }
    names.add(mfmName);
    layers.add(new LayerNode(mfmName, new Op.Mfm(), List.of(layerName), at));
    return mfmName;
  }

  public GraphBuilder output(String outputName, String source, Loss loss, double weight, Location at) {
    outputs.add(new OutputNode(outputName, source, loss, weight, at));
    return this;
  }

  /** Records a block instance whose layers are named {@code path/…}. */
  public GraphBuilder block(String path, String blockName, Location at) {
    blocks.add(new BlockInstance(path, blockName, at));
    return this;
  }

  /** The inputs added so far, in order (a view: it grows as the builder does). */
  public List<InputNode> inputs() {
    return java.util.Collections.unmodifiableList(inputs);
  }

  /** The layers added so far, in topological order (a view: it grows as the builder does). */
  public List<LayerNode> layers() {
    return java.util.Collections.unmodifiableList(layers);
  }

  public Optional<LayerNode> lastLayer() {
    return layers.isEmpty() ? Optional.empty() : Optional.of(layers.get(layers.size() - 1));
  }

  public NetworkGraph build() {
    return new NetworkGraph(name, location, parameters, inputs, layers, outputs, blocks);
  }
}
