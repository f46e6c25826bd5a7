package dev.cnnspec.importer.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the three forms a Keras model comes in, told apart by their first bytes rather than their
 * names: a Keras 3 {@code .keras} archive (a zip of {@code config.json}, {@code metadata.json},
 * {@code model.weights.h5}), an HDF5 model file ({@code model.save("m.h5")}: the config in the
 * {@code model_config} attribute, weights under {@code model_weights}), or a JSON config
 * ({@code model.to_json()}), whose weights come from {@code --weights}.
 *
 * <p>These files come from outsiders, so reading is bounded: at most {@value #MAX_ENTRIES} archive
 * entries, names without {@code ..} or absolute paths (nothing is ever extracted under an entry's
 * name; the weights go to a private temporary file), a config of at most {@value #MAX_CONFIG_BYTES}
 * bytes and weights of at most {@value #MAX_WEIGHT_BYTES} bytes, both counted while reading rather
 * than trusted from the zip's directory.
 */
final class KerasFiles {
  static final int MAX_ENTRIES = 64;
  static final long MAX_CONFIG_BYTES = 64L << 20;
  static final long MAX_WEIGHT_BYTES = 4L << 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private KerasFiles() {}

  /** What one file (and perhaps a separate weights file) holds. */
  record Loaded(String format, JsonNode modelConfig, String kerasVersion, KerasWeights weights, Path tempFile)
      implements AutoCloseable {
    @Override
    public void close() {
      if (weights != null) {
        weights.close();
      }
      if (tempFile != null) {
        try {
          Files.deleteIfExists(tempFile);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  static Loaded open(Path file, Path weightsFile) throws IOException {
    Loaded model = openModel(file);
    if (weightsFile == null) {
      return model;
    }
    if (model.weights() != null) {
      model.weights().close();
    }
    requireReadable(weightsFile);
    KerasWeights weights = KerasWeights.open(weightsFile, weightsFile.toString());
    return new Loaded(model.format(), model.modelConfig(), model.kerasVersion(), weights, model.tempFile());
  }

  private static Loaded openModel(Path file) throws IOException {
    requireReadable(file);
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return openArchive(file);
    }
    if (n == 8 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
      return openHdf5(file);
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == '{') {
        return openJson(file);
      }
      if (!Character.isWhitespace(head[i])) {
        break;
      }
    }
    throw new KerasImportException(file + ": not a Keras model file: expected a .keras archive (a zip), an HDF5 "
        + "file (model.save(\"m.h5\")) or a JSON config (model.to_json()), but it starts with bytes "
        + hex(head, n));
  }

  private static Loaded openArchive(Path file) throws IOException {
    JsonNode config = null;
    String version = null;
    Path weightsTemp = null;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() > MAX_ENTRIES) {
        throw new KerasImportException(file + ": a zip with " + zip.size() + " entries; a Keras archive has three "
            + "(config.json, metadata.json, model.weights.h5), and at most " + MAX_ENTRIES + " are read");
      }
      Set<String> seen = new HashSet<>();
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")) {
          throw new KerasImportException(file + ": archive entry \"" + name + "\" has an unsafe name (absolute or "
              + "with ..); a Keras archive never has one, so the file is refused");
        }
        if (!seen.add(name)) {
          throw new KerasImportException(file + ": archive entry " + name + " appears twice");
        }
      }
      ZipEntry configEntry = zip.getEntry("config.json");
      if (configEntry == null) {
        throw new KerasImportException(file + ": a zip without config.json, so not a Keras 3 .keras archive "
            + "(its entries: " + seen + ")");
      }
      config = parseJson(readBounded(zip, configEntry, file), file + "!config.json");
      ZipEntry metadata = zip.getEntry("metadata.json");
      if (metadata != null) {
        JsonNode meta = parseJson(readBounded(zip, metadata, file), file + "!metadata.json");
        version = meta.path("keras_version").asText(null);
      }
      ZipEntry weights = zip.getEntry("model.weights.h5");
      if (weights != null) {
        weightsTemp = Files.createTempFile("cnn-import-", ".weights.h5");
        try (InputStream in = zip.getInputStream(weights); OutputStream out = Files.newOutputStream(weightsTemp)) {
          copyBounded(in, out, MAX_WEIGHT_BYTES, file + "!model.weights.h5");
        }
      }
    } catch (KerasImportException e) {
      deleteQuietly(weightsTemp);
      throw e;
    } catch (IOException e) {
      // ZipException for a damaged directory, EOFException for an entry cut short, …
      deleteQuietly(weightsTemp);
      throw new KerasImportException(file + ": a corrupt zip archive (" + e + ")", e);
    } catch (RuntimeException e) {
      deleteQuietly(weightsTemp);
      throw new KerasImportException(file + ": a corrupt zip archive (" + e + ")", e);
    }
    KerasWeights w = null;
    if (weightsTemp != null) {
      try {
        w = KerasWeights.open(weightsTemp, file + "!model.weights.h5");
      } catch (RuntimeException e) {
        deleteQuietly(weightsTemp);
        throw e;
      }
    }
    return new Loaded("Keras 3 archive", config, version, w, weightsTemp);
  }

  private static Loaded openHdf5(Path file) {
    String configText;
    String version = null;
    try (HdfFile hdf = new HdfFile(file)) {
      Attribute config = hdf.getAttribute("model_config");
      if (config == null) {
        if (hdf.getAttributes().containsKey("layer_names") || hdf.getChildren().containsKey("layers")) {
          throw new KerasImportException(file + ": a weights-only HDF5 file (no model_config); import the model's "
              + "config and give this file as --weights: cnn import keras model.json --weights " + file);
        }
        throw new KerasImportException(file + ": an HDF5 file without a model_config attribute, so not a Keras "
            + "model saved with model.save(\"m.h5\")");
      }
      configText = text(config.getData(), file + " model_config");
      if (configText.length() > MAX_CONFIG_BYTES) {
        throw new KerasImportException(file + ": model_config is larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      Attribute v = hdf.getAttribute("keras_version");
      if (v != null) {
        version = text(v.getData(), file + " keras_version");
      }
    } catch (KerasImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KerasImportException(file + ": not a readable HDF5 file (" + e
          + "); is it truncated or of another kind?", e);
    }
    JsonNode config = parseJson(configText.getBytes(StandardCharsets.UTF_8), file + " model_config");
    KerasWeights weights = KerasWeights.open(file, file.toString());
    return new Loaded("HDF5 model file", config, version, weights, null);
  }

  private static Loaded openJson(Path file) throws IOException {
    if (Files.size(file) > MAX_CONFIG_BYTES) {
      throw new KerasImportException(file + ": a JSON config larger than " + MAX_CONFIG_BYTES + " bytes");
    }
    JsonNode config = parseJson(Files.readAllBytes(file), file.toString());
    String version = config.path("keras_version").asText(null);
    return new Loaded("JSON config", config, version, null, null);
  }

  private static String text(Object data, String what) {
    if (data instanceof String s) {
      return s;
    }
    if (data instanceof String[] a && a.length == 1) {
      return a[0];
    }
    throw new KerasImportException(what + " is not a string attribute");
  }

  private static byte[] readBounded(ZipFile zip, ZipEntry entry, Path file) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes((int) MAX_CONFIG_BYTES + 1);
      if (bytes.length > MAX_CONFIG_BYTES) {
        throw new KerasImportException(file + "!" + entry.getName() + " is larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      return bytes;
    }
  }

  private static void copyBounded(InputStream in, OutputStream out, long limit, String what) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > limit) {
        throw new KerasImportException(what + " is larger than " + limit + " bytes; refused");
      }
      out.write(buffer, 0, n);
    }
  }

  private static JsonNode parseJson(byte[] bytes, String what) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new KerasImportException(what + ": not a Keras config (expected a JSON object)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new KerasImportException(what + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + " (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new KerasImportException(what + ": unreadable JSON (" + e.getMessage() + ")", e);
    }
  }

  private static void requireReadable(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, Files.exists(file) ? "not a regular file" : null);
    }
  }

  private static String hex(byte[] bytes, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02x", bytes[i] & 0xff)).append(i + 1 < n ? " " : "");
    }
    return n == 0 ? "(none: the file is empty)" : s.toString();
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
