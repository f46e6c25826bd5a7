package dev.cnnspec.model;

import java.util.List;

/**
 * The block nesting a layer name carries: the front end names a layer made inside a block
 * instance {@code instance/…/layer}, so {@code residual_stage_1/bottleneck_2/conv_1} sits in the
 * instance {@code residual_stage_1/bottleneck_2}, itself in {@code residual_stage_1}. Reading the
 * nesting from names keeps the model free of a second, parallel tree that could disagree with it.
 */
public final class BlockPath {
  private BlockPath() {}

  /** The instances enclosing a layer, outermost first: {@code [a, a/b]} for {@code a/b/conv_1}. */
  public static List<String> enclosing(String layerName) {
    String[] parts = layerName.split("/");
    String[] prefixes = new String[parts.length - 1];
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < prefixes.length; i++) {
      if (i > 0) {
        prefix.append('/');
      }
      prefix.append(parts[i]);
      prefixes[i] = prefix.toString();
    }
    return List.of(prefixes);
  }

  /** The last segment of a path: what a box or group shows as its name. */
  public static String leaf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The enclosing path, or {@code ""} at the top level. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /**
   * The box a layer is drawn in when only {@code depth} levels are shown: the layer itself when
   * it is nested in fewer than {@code depth} instances, else its instance at level {@code depth}
   * (level 1 = a block called by the network itself). Depth 1 therefore shows each top-level
   * block instance as one box, as torchinfo's {@code depth=1} shows a model's direct children.
   */
  public static String visibleAt(String layerName, int depth) {
    List<String> blocks = enclosing(layerName);
    return blocks.size() < depth ? layerName : blocks.get(depth - 1);
  }
}
