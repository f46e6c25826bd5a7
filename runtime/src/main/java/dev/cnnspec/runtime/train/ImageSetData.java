package dev.cnnspec.runtime.train;

import dev.cnnspec.runtime.data.Augmentation;
import dev.cnnspec.runtime.data.ImageSet;
import dev.cnnspec.runtime.data.ImageSetIterator;
import dev.cnnspec.runtime.data.PixelNormalizer;
import java.util.Iterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The data package's {@link ImageSet}s as {@link TrainingData}. A fresh {@link ImageSetIterator}
 * (and {@link Augmentation}) is made for every epoch, seeded with that epoch's seed, instead of
 * reusing one iterator whose shuffle advances with each {@code reset()}: a resumed run starts a
 * new iterator, and only per-epoch seeds make its epoch k the same as an uninterrupted run's.
 */
public final class ImageSetData implements TrainingData {
  private final ImageSet images;
  private final int batchSize;
  private final PixelNormalizer normalizer;
  private final boolean flat;
  private final int augmentShift;
  private final boolean augmentFlip;
  private final boolean augment;

  /**
   * @param flat whether the model input is flat ({@code [n]}) rather than an image
   * @param augment whether training batches are shifted (up to {@code shift} pixels) and flipped
   */
  public ImageSetData(ImageSet images, int batchSize, PixelNormalizer normalizer, boolean flat, boolean augment,
      int shift, boolean flip) {
    if (!images.labelled()) {
      throw new IllegalArgumentException("the images have no labels, so they cannot be trained or evaluated on");
    }
    this.images = images;
    this.batchSize = batchSize;
    this.normalizer = normalizer;
    this.flat = flat;
    this.augment = augment;
    this.augmentShift = shift;
    this.augmentFlip = flip;
  }

  public ImageSet images() {
    return images;
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int numClasses() {
    return images.numClasses();
  }

  @Override
  public Iterator<MultiDataSet> batches(long epochSeed, boolean shuffle, int outputs) {
    ImageSetIterator it = new ImageSetIterator(images, batchSize, normalizer, flat, shuffle ? epochSeed : null);
    if (shuffle && augment) {
      it.setPreProcessor(new Augmentation(augmentShift, augmentFlip, normalizer, epochSeed ^ 0x5DEECE66DL));
    }
    DataSetIterator source = it;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public MultiDataSet next() {
        return TrainingData.toMulti(source.next(), outputs);
      }
    };
  }
}
