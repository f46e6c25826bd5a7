package dev.cnnspec.model;

import java.util.List;

/**
 * The shape of one example's tensor, batch dimension excluded. Spatial tensors are written
 * height × width × channels as Keras does; the DL4J back end maps them to NCHW.
 */
public sealed interface Shape permits Shape.Spatial, Shape.Flat {

  /** The number of values in one example. */
  long elements();

  /** The dimensions in the order the language and the JSON summary use: [h, w, c] or [n]. */
  List<Integer> dims();

  static Spatial spatial(int height, int width, int channels) {
    return new Spatial(height, width, channels);
  }

  static Flat flat(int size) {
    return new Flat(size);
  }

  record Spatial(int height, int width, int channels) implements Shape {
    @Override
    public long elements() {
      return (long) height * width * channels;
    }

    @Override
    public List<Integer> dims() {
      return List.of(height, width, channels);
    }

    @Override
    public String toString() {
      return "(" + height + ", " + width + ", " + channels + ")";
    }
  }

  record Flat(int size) implements Shape {
    @Override
    public long elements() {
      return size;
    }

    @Override
    public List<Integer> dims() {
      return List.of(size);
    }

    @Override
    public String toString() {
      return "(" + size + ")";
    }
  }
}
