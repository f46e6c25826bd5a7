package dev.cnnspec.runtime.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Starting weights from a DL4J model zip ({@code cnn train --init FILE}; the {@code .weights.zip}
 * that {@code cnn import keras} writes, or a {@code model.zip} of an earlier run): every layer's
 * parameters are copied by layer name and key into a freshly built graph. The file must be of the
 * same network — the same layers with parameters, each of the same shape — or it is refused with
 * the first difference named, so weights never land silently in the wrong layer.
 *
 * <p>The zip is checked before ND4J reads it (entry count, declared sizes against the target's
 * parameter count), so a hostile file cannot make it allocate far more than the network needs.
 */
public final class InitialWeights {
  private static final int MAX_ENTRIES = 16;
  private static final long MAX_CONFIG_BYTES = 64L << 20;

  private InitialWeights() {}

  /** Copies {@code file}'s parameters into {@code target}, which must be initialised. */
  public static void load(ComputationGraph target, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "the --init weights file");
    }
    preflight(file, target.numParams());
    ComputationGraph source;
    try {
      source = ModelSerializer.restoreComputationGraph(file.toFile(), false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a DL4J model zip (" + e.getMessage() + "); give the "
          + ".weights.zip of cnn import keras or the model.zip of a training run", e);
    }
    Map<String, Layer> here = layersWithParams(target);
    Map<String, Layer> there = layersWithParams(source);
    if (!here.keySet().equals(there.keySet())) {
      TreeSet<String> missing = new TreeSet<>(here.keySet());
      missing.removeAll(there.keySet());
      TreeSet<String> extra = new TreeSet<>(there.keySet());
      extra.removeAll(here.keySet());
      throw new IllegalArgumentException(file + " holds the weights of another network: "
          + (missing.isEmpty() ? "" : "it has no layer " + String.join(", ", missing) + (extra.isEmpty() ? "" : "; "))
          + (extra.isEmpty() ? "" : "it has layers this network lacks: " + String.join(", ", extra)));
    }
    for (Map.Entry<String, Layer> e : here.entrySet()) {
      Map<String, INDArray> mine = e.getValue().paramTable();
      Map<String, INDArray> theirs = there.get(e.getKey()).paramTable();
      for (Map.Entry<String, INDArray> p : mine.entrySet()) {
        INDArray value = theirs.get(p.getKey());
        if (value == null || !Arrays.equals(value.shape(), p.getValue().shape())) {
          throw new IllegalArgumentException(file + " holds the weights of another network: layer " + e.getKey()
              + "'s " + p.getKey() + " is " + (value == null ? "missing" : dims(value.shape())) + " there, "
              + dims(p.getValue().shape()) + " here");
        }
      }
    }
    for (Map.Entry<String, Layer> e : here.entrySet()) {
      Map<String, INDArray> theirs = there.get(e.getKey()).paramTable();
      for (Map.Entry<String, INDArray> p : e.getValue().paramTable().entrySet()) {
        p.getValue().assign(theirs.get(p.getKey()));
      }
    }
  }

  private static void preflight(Path file, long params) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() > MAX_ENTRIES) {
        throw new IllegalArgumentException(file + ": a zip of " + zip.size() + " entries is no DL4J model zip");
      }
      Enumeration<? extends ZipEntry> entries = zip.entries();
      long limit = params * 8 + (1L << 20);   // doubles at most, plus ND4J's header
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        long size = entry.getSize();
        boolean config = entry.getName().endsWith(".json");
        if (size < 0 || size > (config ? MAX_CONFIG_BYTES : limit)) {
          throw new IllegalArgumentException(file + ": entry " + entry.getName() + " declares " + size + " bytes, "
              + "more than a network of " + params + " parameters needs; is it the weights of another network?");
        }
      }
    } catch (IOException e) {
      // ZipException for no zip at all, EOFException for one cut short
      throw new IllegalArgumentException(file + ": not a zip (" + e.getMessage() + "); give the .weights.zip of "
          + "cnn import keras or the model.zip of a training run", e);
    }
  }

  private static Map<String, Layer> layersWithParams(ComputationGraph graph) {
    return Arrays.stream(graph.getLayers())
        .filter(l -> l.numParams() > 0)
        .collect(Collectors.toMap(l -> l.conf().getLayer().getLayerName(), l -> l, (a, b) -> a, java.util.TreeMap::new));
  }

  private static String dims(long[] shape) {
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("×"));
  }
}
