package dev.cnnspec.model;

/** A height × width pair: kernel, stride, pool window or dilation. */
public record Size2D(int height, int width) {

  public static Size2D square(int n) {
    return new Size2D(n, n);
  }

  public boolean isSquare() {
    return height == width;
  }

  @Override
  public String toString() {
    return height + "×" + width;
  }
}
