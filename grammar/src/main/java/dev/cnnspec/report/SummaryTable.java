package dev.cnnspec.report;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.model.OutputModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text summary of a checked network in the manner of Keras' {@code model.summary()}: one row per
 * input and layer with its output shape, parameters, multiply-adds and the tensors it reads, then
 * the totals. The point is to let a reader check a spec against a paper's table without running
 * anything, so every number is printed with thousands separators.
 *
 * <p>{@link #depth(int)} folds block instances nested deeper than that into one row each, and
 * {@link #memory(int)} adds, for a batch size, each row's activation memory and receptive field
 * (size, jump, start) and the memory totals of {@link MemoryEstimate}. Without them the table is
 * the one generated classes quote in their Javadoc, unchanged.
 *
 * <p>The table is plain ASCII with no {@code <}, {@code >}, {@code &} or {@code @}, so it renders in
 * any terminal and can be pasted into a Javadoc {@code <pre>} block of generated code unchanged.
 * Column widths follow the content; the output is deterministic (graph order) and has no trailing
 * spaces.
 *
 * <pre>
 * Network: LeNet5
 * ======================================================
 * Layer (type)       Output shape  Param #    MACs  Connected to
 * ======================================================
 * image (input)      (32, 32, 1)         0       0
 * conv_1 (conv)      (28, 28, 6)       156 117,600  image
 * …
 * </pre>
 */
public final class SummaryTable {
  private static final String[] HEADER = {"Layer (type)", "Output shape", "Param #", "MACs", "Connected to"};
  private static final boolean[] RIGHT = {false, false, true, true, false};
  private static final String[] MEMORY_HEADER = {"Layer (type)", "Output shape", "Param #", "MACs",
      "Activations", "RF", "Jump", "Start", "Connected to"};
  private static final boolean[] MEMORY_RIGHT = {false, false, true, true, true, true, true, true, false};
  private static final String GAP = "  ";

  private final NetworkModel model;
  private final int depth;
  private final int batch;

  private SummaryTable(NetworkModel model, int depth, int batch) {
    this.model = model;
    this.depth = depth;
    this.batch = batch;
  }

  public static SummaryTable of(NetworkModel model) {
    return new SummaryTable(model, Integer.MAX_VALUE, 0);
  }

  /** Block instances nested deeper than {@code depth} levels become one row (1: every top-level block). */
  public SummaryTable depth(int levels) {
    if (levels < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + levels);
    }
    return new SummaryTable(model, levels, batch);
  }

  /** Adds memory (for this batch size) and receptive-field columns and the memory totals. */
  public SummaryTable memory(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    return new SummaryTable(model, depth, batchSize);
  }

  /** The rendered table, lines ending in {@code \n}. */
  public String render() {
    boolean memory = batch > 0;
    String[] header = memory ? MEMORY_HEADER : HEADER;
    boolean[] right = memory ? MEMORY_RIGHT : RIGHT;
    MemoryEstimate estimate = MemoryEstimate.of(model, Math.max(batch, 1));
    var fields = ReceptiveField.of(model);
    List<String[]> rows = new ArrayList<>();
    for (InputNode in : model.inputs()) {
      rows.add(memory
          ? new String[] {in.name() + " (input)", in.shape().toString(), "0", "0",
              bytes(in.shape().elements() * batch * MemoryEstimate.BYTES_PER_VALUE), "1", "1", "0", ""}
          : new String[] {in.name() + " (input)", in.shape().toString(), "0", "0", ""});
    }
    for (SummaryRow row : SummaryRow.of(model, depth, estimate, fields)) {
      String name = row.name() + " (" + row.type() + (row.block() ? ", " + row.layers() + " layers" : "") + ")";
      String inputs = String.join(", ", row.inputs());
      if (memory) {
        ReceptiveField.Field f = row.receptiveField();
        boolean known = f.known();
        rows.add(new String[] {name, row.shape().toString(), number(row.parameters()), number(row.macs()),
            bytes(row.memory().activations()),
            known ? ReceptiveField.pair(f.height().size(), f.width().size()) : "?",
            known ? ReceptiveField.pair(f.height().jump(), f.width().jump()) : "?",
            known ? start(f.height().start(), f.width().start()) : "?", inputs});
      } else {
        rows.add(new String[] {name, row.shape().toString(), number(row.parameters()), number(row.macs()), inputs});
      }
    }
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    int total = 0;
    for (int w : widths) {
      total += w;
    }
    total += GAP.length() * (widths.length - 1);
    String heavy = "=".repeat(total);

    StringBuilder out = new StringBuilder();
    out.append("Network: ").append(model.name()).append('\n');
    out.append(heavy).append('\n');
    line(out, header, widths, right);
    out.append(heavy).append('\n');
    for (String[] row : rows) {
      line(out, row, widths, right);
    }
    out.append(heavy).append('\n');
    long params = model.totalParameters();
    long trainable = model.trainableParameters();
    List<String[]> totals = new ArrayList<>(List.of(
        new String[] {"Total params:", number(params)},
        new String[] {"Trainable params:", number(trainable)},
        new String[] {"Non-trainable params:", number(params - trainable)},
        new String[] {"Total MACs:", number(model.totalMacs())}));
    if (memory) {
      MemoryEstimate.Totals t = estimate.totals();
      totals.add(new String[] {"Memory, batch " + batch + " (float32, Adam):", ""});
      totals.add(new String[] {"  parameters:", bytes(t.parameters())});
      totals.add(new String[] {"  gradients:", bytes(t.gradients())});
      totals.add(new String[] {"  updater state:", bytes(t.updater())});
      totals.add(new String[] {"  activations:", bytes(t.activations())});
      totals.add(new String[] {"  training, total:", bytes(t.training())});
      totals.add(new String[] {"    DL4J workspaces:", bytes(t.keptForBackward()) + " kept for backward, "
          + bytes(t.errorSignals()) + " error signals, " + bytes(t.workingMemory()) + " working memory ("
          + t.path().name().toLowerCase(java.util.Locale.ROOT) + " path)"});
      totals.add(new String[] {"  inference peak:", bytes(t.inference())});
    }
    for (String[] t : totals) {
      String label = t[1].isEmpty() ? t[0] : pad(t[0], 22, false);
      out.append(label).append(t[1]).append('\n');
    }
    for (OutputModel o : model.outputs()) {
      out.append("Output ").append(o.name()).append(": ").append(o.shape())
          .append(" from ").append(o.node().source())
          .append(", loss ").append(o.node().loss().specName());
      if (o.shape() instanceof dev.cnnspec.model.Shape.Spatial) {
        out.append(" per pixel");
      }
      if (o.node().weight() != 1.0) {
        out.append(", weight ").append(o.node().weight());
      }
      out.append('\n');
    }
    out.append('-').append("-".repeat(total - 1)).append('\n');
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  /** {@code 25,636,712}: comma-grouped regardless of the default locale. */
  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The project's one byte formatter ({@link ByteSize}: decimal units, as the size warning prints them). */
  static String bytes(long n) {
    return ByteSize.format(n);
  }

  private static String start(double h, double w) {
    String a = half(h);
    String b = half(w);
    return a.equals(b) ? a : a + "x" + b;
  }

  private static String half(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static void line(StringBuilder out, String[] cells, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append(GAP);
      }
      line.append(pad(cells[c], widths[c], right[c]));
    }
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    out.append(line, 0, end).append('\n');
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
