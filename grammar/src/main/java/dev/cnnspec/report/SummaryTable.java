package dev.cnnspec.report;

import dev.cnnspec.model.LayerModel;
import dev.cnnspec.model.NetworkModel;

/**
 * TEMPORARY PLACEHOLDER (processor branch): the report engineer writes the real
 * {@code SummaryTable.render(NetworkModel)} that {@code cnn summary} prints. The code generator
 * embeds its output; at merge take the report branch's file and regenerate the golden files
 * ({@code -Dgolden.update=true}).
 */
public final class SummaryTable {
  private SummaryTable() {}

  public static String render(NetworkModel model) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-16s %-14s %-16s %10s%n", "layer", "kind", "output", "params"));
    for (LayerModel layer : model.layers()) {
      out.append(String.format("%-16s %-14s %-16s %10d%n", layer.name(), layer.op().kind(),
          layer.outputShape(), layer.parameters()));
    }
    out.append(String.format("total %d parameters, %d trainable%n", model.totalParameters(),
        model.trainableParameters()));
    return out.toString();
  }
}
