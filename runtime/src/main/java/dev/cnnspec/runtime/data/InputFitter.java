package dev.cnnspec.runtime.data;

import dev.cnnspec.model.Shape;

/**
 * Makes images fit a model's declared input shape, once, on the bytes, so that batches need no
 * further work. The rules, per spatial dimension independently:
 * <ul>
 *   <li>smaller than the input: zero-padded, centred (an odd remainder goes to the bottom/right),
 *       as LeNet-5 takes 28×28 digits padded to 32×32;
 *   <li>larger: centre-cropped;
 *   <li>but never by more than a factor of 2 either way: beyond that the model would see mostly
 *       padding or a fragment, which is a mistake in the spec or the data, not something to hide.
 * </ul>
 * Channels must match, except 1 → 3 by replication when the caller asks for it. A flat input
 * {@code [n]} takes the image flattened channel-major when {@code n} equals its number of values.
 * Anything else is an {@link IllegalArgumentException} whose message names both shapes and a fix.
 */
public final class InputFitter {
  private InputFitter() {}

  /**
   * Returns {@code images} reshaped to {@code input}'s height, width and channels (unchanged for a
   * flat input, which {@link ImageSetIterator} flattens per batch).
   *
   * @param replicateChannels whether a 1-channel image may be copied into 3 channels
   * @throws IllegalArgumentException when the images cannot fit, saying why and what to change
   */
  public static ImageSet fit(ImageSet images, Shape input, boolean replicateChannels) {
    String have = images.height() + "x" + images.width() + "x" + images.channels();
    if (input instanceof Shape.Flat flat) {
      if (flat.size() != images.imageSize()) {
        throw new IllegalArgumentException("cannot feed " + have + " images (" + images.imageSize()
            + " values) to the flat model input [" + flat.size() + "]; declare the input as ["
            + images.height() + ", " + images.width() + ", " + images.channels() + "] or ["
            + images.imageSize() + "]");
      }
      return images;
    }
    Shape.Spatial target = (Shape.Spatial) input;
    String want = "[" + target.height() + ", " + target.width() + ", " + target.channels() + "]";
    String prefix = "cannot fit " + have + " images to the model input " + want + ": ";
    int channels = images.channels();
    if (channels != target.channels()) {
      if (channels == 1 && target.channels() == 3 && !replicateChannels) {
        throw new IllegalArgumentException(prefix + "the images have 1 channel and the model 3; copy the gray "
            + "channel into all three (cnn train --replicate-channels; DataOptions.withReplicateChannels(true) "
            + "in Java), or declare the input with 1 channel");
      } else if (!(channels == 1 && target.channels() == 3)) {
        throw new IllegalArgumentException(prefix + "the images have " + channels + " channel(s) and the model "
            + target.channels() + "; declare the input with " + channels + " channel(s)");
      }
    }
    checkRatio(prefix, "height", images.height(), target.height());
    checkRatio(prefix, "width", images.width(), target.width());
    if (images.height() == target.height() && images.width() == target.width() && channels == target.channels()) {
      return images;
    }
    return resample(images, target);
  }

  private static void checkRatio(String prefix, String dim, int have, int want) {
    if (want > 2 * have || 2 * want < have) {
      throw new IllegalArgumentException(prefix + "the " + dim + " would change from " + have + " to " + want
          + ", more than twice padding or cropping allows; declare the input with " + dim + " " + have
          + ", or use an image folder (images:DIR), which resizes");
    }
  }

  private static ImageSet resample(ImageSet src, Shape.Spatial t) {
    int n = src.size();
    int sh = src.height(), sw = src.width(), sc = src.channels();
    int th = t.height(), tw = t.width(), tc = t.channels();
    int dy = shift(sh, th), dx = shift(sw, tw);
    // Only the rows and columns present in both: the rest of the destination stays 0 (padding).
    int y0 = Math.max(0, -dy), y1 = Math.min(sh, th - dy);
    int x0 = Math.max(0, -dx), x1 = Math.min(sw, tw - dx);
    byte[] in = src.pixelArray();
    byte[] out = new byte[n * tc * th * tw];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = src.label(i);
      for (int c = 0; c < tc; c++) {
        int sBase = i * src.imageSize() + (c % sc) * sh * sw;
        int tBase = (i * tc + c) * th * tw;
        for (int y = y0; y < y1; y++) {
          System.arraycopy(in, sBase + y * sw + x0, out, tBase + (y + dy) * tw + x0 + dx, x1 - x0);
        }
      }
    }
    return new ImageSet(out, labels, th, tw, tc, src.classNames());
  }

  /** Where source row 0 lands in the target: positive when padding, negative when cropping. */
  private static int shift(int source, int target) {
    return target >= source ? (target - source) / 2 : -((source - target) / 2);
  }
}
