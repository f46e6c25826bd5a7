package dev.cnnspec.importer.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model made by real Keras (runtime/src/test/keras/make_fixtures.py) and what Keras computed:
 * {@code count_params()}, a fixed input batch (pixels 0…255 scaled by 1/255 in float32, NHWC) and
 * Keras's predictions on it.
 */
record KerasFixture(String name, JsonNode expected) {

  static KerasFixture of(String name) {
    try {
      return new KerasFixture(name, new ObjectMapper().readTree(file(name + ".expected.json").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path file(String name) {
    try {
      return Path.of(KerasFixture.class.getResource("/keras/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource keras/" + name + "; run runtime/src/test/keras/make_fixtures.py", e);
    }
  }

  Path path(String extension) {
    return file(name + extension);
  }

  long countParams() {
    return expected.path("count_params").asLong();
  }

  /** The input batch as DL4J takes it: NCHW. */
  INDArray input() {
    JsonNode shape = expected.path("input_shape");
    JsonNode pixels = expected.path("input_pixels");
    float[] x = new float[pixels.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) pixels.get(i).asInt() / 255f;   // float32 division, as numpy did it
    }
    long[] nhwc = new long[shape.size()];
    for (int i = 0; i < nhwc.length; i++) {
      nhwc[i] = shape.get(i).asLong();
    }
    INDArray a = Nd4j.create(x, nhwc, 'c');
    return nhwc.length == 4 ? a.permute(0, 3, 1, 2).dup('c') : a;
  }

  /** Keras's output on {@link #input()}. */
  double[][] output() {
    JsonNode shape = expected.path("output_shape");
    JsonNode values = expected.path("output");
    int rows = shape.get(0).asInt();
    int cols = shape.get(1).asInt();
    double[][] y = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        y[r][c] = values.get(r * cols + c).asDouble();
      }
    }
    return y;
  }
}
