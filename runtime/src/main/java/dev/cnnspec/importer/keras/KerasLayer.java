package dev.cnnspec.importer.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a Keras model config: its name, class ({@code Conv2D}; for a custom layer also the
 * registered name, {@code lightcnn>Maxout}), its {@code config} object, the layers it reads, and its
 * position (1-based, of {@code count}) for messages.
 */
record KerasLayer(String name, String className, String registeredName, JsonNode config, List<String> inbound,
    int position, int count) {

  KerasLayer {
    inbound = List.copyOf(inbound);
  }

  /** {@code conv1 (Conv2D, layer 2 of 9)}: how messages name a layer. */
  String describe() {
    return "layer " + name + " (" + className + ", layer " + position + " of " + count + ")";
  }

  /** The class name without a registration package: {@code lightcnn>Maxout} → {@code Maxout}. */
  String simpleClassName() {
    int gt = className.lastIndexOf('>');
    return gt < 0 ? className : className.substring(gt + 1);
  }

  KerasImportException error(String problem) {
    return new KerasImportException(describe() + ": " + problem);
  }
}
