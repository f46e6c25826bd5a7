package dev.cnnspec.importer.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weight variables of a Keras file, per layer name, in the order Keras creates them (a
 * convolution's kernel then bias; batch norm's gamma, beta, moving mean, moving variance). Three
 * layouts, all read with jhdf (a pure-Java HDF5 reader, so no natives and no hand-written parser):
 * <ul>
 *   <li>Keras 3's {@code model.weights.h5} (inside a {@code .keras} archive, or given alone):
 *       {@code layers/<path>/vars/0…n}, the group {@code vars} carrying the layer's name;</li>
 *   <li>the legacy HDF5 model file ({@code model.save("m.h5")}, Keras 2 and Keras 3's legacy
 *       format): {@code model_weights/<layer>/<weight name>}, listed by the {@code weight_names}
 *       attribute;</li>
 *   <li>a legacy weights-only file ({@code save_weights("w.h5")}): the same, at the root.</li>
 * </ul>
 * Only shapes are read when the file is opened; values when {@link Tensor#values()} is called.
 */
final class KerasWeights implements AutoCloseable {
  private final HdfFile file;
  private final String source;
  private final Map<String, List<Tensor>> byLayer;

  private KerasWeights(HdfFile file, String source, Map<String, List<Tensor>> byLayer) {
    this.file = file;
    this.source = source;
    this.byLayer = byLayer;
  }

  /** Opens {@code path} (a real file, perhaps extracted from an archive); {@code source} names it in messages. */
  static KerasWeights open(Path path, String source) {
    HdfFile hdf = null;
    try {
      hdf = new HdfFile(path);
      Map<String, List<Tensor>> layers = new LinkedHashMap<>();
      Node modelWeights = hdf.getChildren().get("model_weights");
      if (modelWeights instanceof Group g) {
        readLegacy(g, layers, source);
      } else if (hdf.getAttributes().containsKey("layer_names")) {
        readLegacy(hdf, layers, source);
      } else if (hdf.getChildren().get("layers") instanceof Group g) {
        readKeras3(g, layers, source);
      } else {
        throw new KerasImportException(source + ": an HDF5 file, but not Keras weights: it has neither "
            + "model_weights (a model saved as .h5), layer_names (save_weights) nor layers (Keras 3's "
            + "model.weights.h5); its top-level entries are " + hdf.getChildren().keySet());
      }
      return new KerasWeights(hdf, source, layers);
    } catch (KerasImportException e) {
      closeQuietly(hdf);
      throw e;
    } catch (RuntimeException e) {
      // jhdf reports damage in many ways (HdfException, buffer underflows, bad casts): all mean the same here
      closeQuietly(hdf);
      throw new KerasImportException(source + ": not a readable HDF5 weights file (" + e
          + "); is it truncated or of another kind?", e);
    }
  }

  private static void readLegacy(Group root, Map<String, List<Tensor>> layers, String source) {
    for (Node child : root.getChildren().values()) {
      if (!(child instanceof Group layer)) {
        continue;
      }
      List<Tensor> tensors = new ArrayList<>();
      for (String weightName : strings(layer.getAttribute("weight_names"))) {
        Node node = layer.getByPath(weightName);
        if (!(node instanceof Dataset d)) {
          throw new KerasImportException(source + ": layer " + layer.getName() + " lists weight " + weightName
              + " but the file has no data set there");
        }
        tensors.add(tensor(shortName(weightName), d, source));
      }
      if (!tensors.isEmpty()) {
        layers.put(layer.getName(), tensors);
      }
    }
  }

  private static void readKeras3(Group layersGroup, Map<String, List<Tensor>> layers, String source) {
    for (Node child : layersGroup.getChildren().values()) {
      if (!(child instanceof Group layer) || !(layer.getChildren().get("vars") instanceof Group vars)) {
        continue;
      }
      String name = layer.getName();
      Attribute nameAttribute = vars.getAttribute("name");
      if (nameAttribute != null && nameAttribute.getData() instanceof String s) {
        name = s;
      }
      List<Dataset> datasets = new ArrayList<>();
      for (Node v : vars.getChildren().values()) {
        if (v instanceof Dataset d && v.getName().matches("\\d{1,4}")) {
          datasets.add(d);
        }
      }
      datasets.sort(Comparator.comparingInt(d -> Integer.parseInt(d.getName())));
      List<Tensor> tensors = new ArrayList<>();
      for (Dataset d : datasets) {
        tensors.add(tensor(d.getName(), d, source));
      }
      if (!tensors.isEmpty()) {
        layers.put(name, tensors);
      }
    }
  }

  private static Tensor tensor(String name, Dataset d, String source) {
    int[] shape = d.getDimensions().clone();
    return new Tensor(name, shape, () -> values(d, source));
  }

  private static float[] values(Dataset d, String source) {
    try {
      Object flat = d.getDataFlat();
      if (flat instanceof float[] f) {
        return f;
      }
      if (flat instanceof double[] dbl) {
        float[] f = new float[dbl.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) dbl[i];
        }
        return f;
      }
      throw new KerasImportException(source + ": weight " + d.getPath() + " holds " + d.getJavaType().getSimpleName()
          + " values; the importer reads float32 and float64 weights");
    } catch (KerasImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KerasImportException(source + ": cannot read weight " + d.getPath() + " (" + e
          + "); is the file truncated?", e);
    }
  }

  /** Keras 2 names weights {@code conv2d_1/kernel:0}; Keras 3's legacy files {@code conv1/kernel}. */
  private static String shortName(String weightName) {
    String s = weightName.substring(weightName.lastIndexOf('/') + 1);
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static List<String> strings(Attribute attribute) {
    if (attribute == null) {
      return List.of();
    }
    Object data = attribute.getData();
    if (data instanceof String[] a) {
      return List.of(a);
    }
    if (data instanceof String s) {
      return List.of(s);
    }
    return List.of();   // h5py writes an empty float array for a layer without weights
  }

  private static void closeQuietly(HdfFile hdf) {
    if (hdf != null) {
      try {
        hdf.close();
      } catch (RuntimeException ignored) {
        // the file is already unusable; the original error says why
      }
    }
  }

  /** The variables of {@code layer} in Keras's order; empty when the file has none for it. */
  List<Tensor> variables(String layer) {
    return byLayer.getOrDefault(layer, List.of());
  }

  Set<String> layers() {
    return byLayer.keySet();
  }

  long totalSize() {
    return byLayer.values().stream().flatMap(List::stream).mapToLong(Tensor::size).sum();
  }

  String source() {
    return source;
  }

  @Override
  public void close() {
    file.close();
  }
}
