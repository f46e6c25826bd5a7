package dev.cnnspec.report;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Memory a network needs for one batch, from shapes and counts alone (32-bit floats), per layer
 * and in total, in bytes:
 *
 * <ul>
 *   <li><b>parameters</b>: every parameter, batch norm's running statistics included;
 *   <li><b>gradients</b>: one value per parameter (DL4J keeps one flat gradient view as long as the
 *       parameter view);
 *   <li><b>updater state</b>: values per <em>trainable</em> parameter kept by the optimiser (Adam:
 *       2, its first and second moments; SGD with momentum: 1; plain SGD: 0);
 *   <li><b>activations</b>: every layer's output for the batch, kept from the forward pass for
 *       the backward pass, and the network's inputs;
 *   <li><b>training</b>: what a DL4J training step allocates: parameters, gradients and updater
 *       state, plus its workspaces as {@link Dl4jWorkspaces} models them: the arrays kept for the
 *       backward pass (the activations, less the input, plus each convolution's pre-activation
 *       copy), the error signals in flight, and one layer's working memory, each with DL4J's
 *       over-allocation;
 *   <li><b>inference</b>: parameters plus the largest set of activations alive at once when the
 *       layers run in graph order and each output is freed after its last reader.
 * </ul>
 *
 * <p>What it cannot know: a back end's scratch buffers other than DL4J's on the CPU (cuDNN work
 * space), the JVM and native libraries' own footprint, and data-loading buffers.
 * {@code docs/memory.md} compares the figures with DL4J's
 * own memory report and with measured use.
 */
public final class MemoryEstimate {
  public static final int BYTES_PER_VALUE = 4;

  /** One layer's share, bytes. */
  public record Layer(long parameters, long gradients, long updater, long activations) {
    public long total() {
      return parameters + gradients + updater + activations;
    }

    public Layer plus(Layer o) {
      return new Layer(parameters + o.parameters, gradients + o.gradients, updater + o.updater,
          activations + o.activations);
    }
  }

  /**
   * The whole network's figures for one batch size, bytes; the last three are the workspace parts
   * of {@code training} ({@link Dl4jWorkspaces}).
   */
  public record Totals(int batch, long parameters, long gradients, long updater, long activations,
      long training, long inference, long keptForBackward, long errorSignals, long workingMemory, Dl4jPath path) {}

  private final Map<String, Layer> layers;
  private final Totals totals;
  private final Map<String, Dl4jWorkspaces.LayerUse> workspaceUses;

  private MemoryEstimate(Map<String, Layer> layers, Totals totals, Map<String, Dl4jWorkspaces.LayerUse> workspaceUses) {
    this.layers = layers;
    this.totals = totals;
    this.workspaceUses = workspaceUses;
  }

  /** Adam's two moments per trainable parameter (the optimiser {@code cnn train} uses), on the fast path. */
  public static MemoryEstimate of(NetworkModel model, int batch) {
    return of(model, batch, 2, Dl4jPath.FAST);
  }

  public static MemoryEstimate of(NetworkModel model, int batch, int updaterValuesPerParameter) {
    return of(model, batch, updaterValuesPerParameter, Dl4jPath.FAST);
  }

  /** @param path the execution path whose DL4J workspaces the training figure is for */
  public static MemoryEstimate of(NetworkModel model, int batch, int updaterValuesPerParameter, Dl4jPath path) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
    }
    Map<String, Long> tensorBytes = new LinkedHashMap<>();
    for (InputNode in : model.inputs()) {
      tensorBytes.put(in.name(), bytes(in.shape().elements(), batch));
    }
    Map<String, Layer> layers = new LinkedHashMap<>();
    long parameters = 0;
    long trainable = 0;
    for (LayerModel l : model.layers()) {
      long activations = bytes(l.outputShape().elements(), batch);
      tensorBytes.put(l.name(), activations);
      layers.put(l.name(), new Layer(bytes(l.parameters(), 1), bytes(l.parameters(), 1),
          bytes(Math.multiplyExact(l.trainableParameters(), updaterValuesPerParameter), 1), activations));
      parameters += l.parameters();
      trainable += l.trainableParameters();
    }
    long activations = tensorBytes.values().stream().mapToLong(Long::longValue).sum();
    long p = bytes(parameters, 1);
    long updater = bytes(Math.multiplyExact(trainable, updaterValuesPerParameter), 1);
    Dl4jWorkspaces.Figures ws = Dl4jWorkspaces.of(model, tensorBytes, batch, path);
    long training = p + p + updater + ws.total();
    long inference = p + livePeak(model, tensorBytes);
    return new MemoryEstimate(layers, new Totals(batch, p, p, updater, activations, training, inference,
        ws.keptForBackward(), ws.errorSignals(), ws.workingMemory(), path), ws.layers());
  }

  /**
   * The largest sum of tensors alive at once in a forward pass in graph order: a tensor lives from
   * the layer that makes it to its last reader (outputs of the network to the end).
   */
  private static long livePeak(NetworkModel model, Map<String, Long> tensorBytes) {
    Map<String, Integer> lastUse = new HashMap<>();
    int step = 0;
    for (LayerModel l : model.layers()) {
      for (String in : l.node().inputs()) {
        lastUse.put(in, step);
      }
      step++;
    }
    Set<String> kept = new HashSet<>();
    for (OutputModel o : model.outputs()) {
      kept.add(o.node().source());
    }
    long live = 0;
    for (InputNode in : model.inputs()) {
      live += tensorBytes.get(in.name());
    }
    long peak = live;
    step = 0;
    Map<String, Long> alive = new LinkedHashMap<>();
    model.inputs().forEach(in -> alive.put(in.name(), tensorBytes.get(in.name())));
    for (LayerModel l : model.layers()) {
      long out = tensorBytes.get(l.name());
      alive.put(l.name(), out);
      live += out;
      peak = Math.max(peak, live);
      final int now = step;
      for (String in : l.node().inputs()) {
        if (lastUse.get(in) == now && !kept.contains(in) && alive.remove(in) != null) {
          live -= tensorBytes.get(in);
        }
      }
      step++;
    }
    return peak;
  }

  private static long bytes(long values, int batch) {
    return Math.multiplyExact(Math.multiplyExact(values, (long) batch), BYTES_PER_VALUE);
  }

  public Map<String, Layer> layers() {
    return layers;
  }

  public Layer layer(String name) {
    return layers.get(name);
  }

  public Totals totals() {
    return totals;
  }

  /** Each layer's arrays in DL4J's workspaces for one training step, by name ({@link Dl4jWorkspaces}). */
  public Map<String, Dl4jWorkspaces.LayerUse> workspaceUses() {
    return workspaceUses;
  }
}
