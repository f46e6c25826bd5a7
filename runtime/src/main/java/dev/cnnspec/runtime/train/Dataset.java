package dev.cnnspec.runtime.train;

import java.util.Objects;

/**
 * Which data {@link Training} uses: a source as {@code cnn train --data} names it
 * ({@code fashion-mnist}, {@code mnist:DIR}, {@code cifar10:DIR}, {@code images:DIR},
 * {@code csv:FILE}; see {@link dev.cnnspec.runtime.data.DataSources}), opened only when training
 * starts, because the images are fitted (padded, cropped, channels replicated) to the network's
 * input shape, which the data cannot know before.
 *
 * @param limit at most this many training, validation and test images (the first ones of each),
 *     or 0 for all: for a quick run or a demo
 */
public record Dataset(String source, int limit) {
  public Dataset {
    Objects.requireNonNull(source, "source");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 (all) or positive, got " + limit);
    }
  }

  /** Fashion-MNIST as Debian's {@code dataset-fashion-mnist} installs it ({@code bin/setup}). */
  public static Dataset fashionMnist() {
    return new Dataset("fashion-mnist", 0);
  }

  public static Dataset of(String source) {
    return new Dataset(source, 0);
  }

  public Dataset limit(int images) {
    return new Dataset(source, images);
  }
}
