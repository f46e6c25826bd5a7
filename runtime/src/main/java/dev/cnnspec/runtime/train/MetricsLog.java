package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the per-epoch metrics as {@code metrics.csv} (spreadsheets, pandas) and
 * {@code metrics.json} (scripts), rewriting both whole after every epoch through
 * {@link AtomicFiles} so a reader never sees half a file. Epoch numbers are 1-based in both, as
 * people count them. NaN (no validation set) is an empty CSV cell and a JSON {@code null}.
 */
public final class MetricsLog {
  public static final String CSV = "metrics.csv";
  public static final String JSON = "metrics.json";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsLog() {}

  public static void write(Path dir, List<EpochMetrics> history) throws IOException {
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    for (EpochMetrics m : history) {
      csv.append(m.csvRow()).append('\n');
    }
    AtomicFiles.writeString(dir.resolve(CSV), csv.toString());
    AtomicFiles.writeString(dir.resolve(JSON), MAPPER.writeValueAsString(toJson(history)));
  }

  static ArrayNode toJson(List<EpochMetrics> history) {
    ArrayNode rows = MAPPER.createArrayNode();
    for (EpochMetrics m : history) {
      ObjectNode o = rows.addObject();
      o.put("epoch", m.epoch());
      put(o, "train_loss", m.trainLoss());
      put(o, "val_loss", m.valLoss());
      put(o, "val_accuracy", m.valAccuracy());
      put(o, "lr", m.lr());
      put(o, "images_per_second", m.imagesPerSecond());
      put(o, "seconds", m.seconds());
    }
    return rows;
  }

  /** Reads a history back from its JSON (the resume path and tests). */
  public static List<EpochMetrics> readJson(Path file) throws IOException {
    return fromJson(MAPPER.readTree(file.toFile()));
  }

  static List<EpochMetrics> fromJson(com.fasterxml.jackson.databind.JsonNode rows) {
    List<EpochMetrics> out = new ArrayList<>();
    for (var n : rows) {
      out.add(new EpochMetrics(n.get("epoch").asInt(), d(n, "train_loss"), d(n, "val_loss"), d(n, "val_accuracy"),
          d(n, "lr"), d(n, "images_per_second"), d(n, "seconds")));
    }
    return out;
  }

  private static void put(ObjectNode o, String key, double v) {
    if (Double.isNaN(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  private static double d(com.fasterxml.jackson.databind.JsonNode n, String key) {
    var v = n.get(key);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
