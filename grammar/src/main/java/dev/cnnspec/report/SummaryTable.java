package dev.cnnspec.report;

import dev.cnnspec.model.InputNode;
import dev.cnnspec.model.LayerModel;
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
  private static final String GAP = "  ";

  private final NetworkModel model;

  private SummaryTable(NetworkModel model) {
    this.model = model;
  }

  public static SummaryTable of(NetworkModel model) {
    return new SummaryTable(model);
  }

  /** The rendered table, lines ending in {@code \n}. */
  public String render() {
    List<String[]> rows = new ArrayList<>();
    for (InputNode in : model.inputs()) {
      rows.add(new String[] {in.name() + " (input)", in.shape().toString(), "0", "0", ""});
    }
    for (LayerModel layer : model.layers()) {
      rows.add(new String[] {
          layer.name() + " (" + layer.op().kind() + ")",
          layer.outputShape().toString(),
          number(layer.parameters()),
          number(layer.macs()),
          String.join(", ", layer.node().inputs())});
    }
    int[] widths = new int[HEADER.length];
    for (int c = 0; c < HEADER.length; c++) {
      widths[c] = HEADER[c].length();
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
    line(out, HEADER, widths);
    out.append(heavy).append('\n');
    for (String[] row : rows) {
      line(out, row, widths);
    }
    out.append(heavy).append('\n');
    long params = model.totalParameters();
    long trainable = model.trainableParameters();
    String[][] totals = {
        {"Total params:", number(params)},
        {"Trainable params:", number(trainable)},
        {"Non-trainable params:", number(params - trainable)},
        {"Total MACs:", number(model.totalMacs())},
    };
    for (String[] t : totals) {
      out.append(pad(t[0], 22, false)).append(t[1]).append('\n');
    }
    for (OutputModel o : model.outputs()) {
      out.append("Output ").append(o.name()).append(": ").append(o.shape())
          .append(" from ").append(o.node().source())
          .append(", loss ").append(o.node().loss().specName());
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

  private static void line(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append(GAP);
      }
      line.append(pad(cells[c], widths[c], RIGHT[c]));
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
