package dev.cnnspec.runtime.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Examples held on the Java heap, batched on demand. Shuffling is a Fisher–Yates permutation from
 * the epoch's seed and augmentation draws from a stream of the same seed in batch order, so an
 * epoch is reproducible on its own. Features are one example per row, in the layout the network
 * reads: {@code [c, h, w]} for images (NCHW batches) or {@code [n]} for flat inputs.
 */
public final class InMemoryData implements TrainingData {
  private final float[][] examples;
  private final int[] labels;
  private final long[] exampleShape;
  private final int numClasses;
  private final int batchSize;
  private final Augmenter augmenter;

  /** Changes one training example in place; never called for validation or test batches. */
  @FunctionalInterface
  public interface Augmenter {
    void augment(float[] example, long[] shape, Random random);
  }

  public InMemoryData(float[][] examples, int[] labels, long[] exampleShape, int numClasses, int batchSize,
      Augmenter augmenter) {
    if (examples.length != labels.length) {
      throw new IllegalArgumentException(examples.length + " examples but " + labels.length + " labels");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    long elements = 1;
    for (long d : exampleShape) {
      elements *= d;
    }
    for (int i = 0; i < examples.length; i++) {
      if (examples[i].length != elements) {
        throw new IllegalArgumentException("example " + i + " has " + examples[i].length + " values, expected "
            + elements);
      }
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is not in [0, " + numClasses
            + ")");
      }
    }
    this.examples = examples;
    this.labels = labels;
    this.exampleShape = exampleShape.clone();
    this.numClasses = numClasses;
    this.batchSize = batchSize;
    this.augmenter = augmenter;
  }

  public InMemoryData(float[][] examples, int[] labels, long[] exampleShape, int numClasses, int batchSize) {
    this(examples, labels, exampleShape, numClasses, batchSize, null);
  }

  @Override
  public int size() {
    return examples.length;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  public long[] exampleShape() {
    return exampleShape.clone();
  }

  public int label(int i) {
    return labels[i];
  }

  public float[] example(int i) {
    return examples[i];
  }

  /** The same examples with another batch size or augmenter (no copy). */
  public InMemoryData with(int newBatchSize, Augmenter newAugmenter) {
    return new InMemoryData(examples, labels, exampleShape, numClasses, newBatchSize, newAugmenter);
  }

  /** A view of examples {@code [from, to)}, for validation splits. */
  public InMemoryData slice(int from, int to) {
    return new InMemoryData(java.util.Arrays.copyOfRange(examples, from, to),
        java.util.Arrays.copyOfRange(labels, from, to), exampleShape, numClasses, batchSize, augmenter);
  }

  /** The examples reordered once by {@code seed} (to draw a validation split that is not class-sorted). */
  public InMemoryData permuted(long seed) {
    int[] order = permutation(examples.length, new Random(seed));
    float[][] e = new float[examples.length][];
    int[] l = new int[labels.length];
    for (int i = 0; i < order.length; i++) {
      e[i] = examples[order[i]];
      l[i] = labels[order[i]];
    }
    return new InMemoryData(e, l, exampleShape, numClasses, batchSize, augmenter);
  }

  @Override
  public Iterator<MultiDataSet> batches(long epochSeed, boolean shuffle, int outputs) {
    int[] order = shuffle ? permutation(examples.length, new Random(epochSeed)) : identity(examples.length);
    Random augmentRandom = new Random(epochSeed ^ 0x5DEECE66DL);
    boolean augment = shuffle && augmenter != null;
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public MultiDataSet next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = Math.min(batchSize, order.length - next);
        int elements = examples[0].length;
        float[] x = new float[n * elements];
        float[] y = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
          int idx = order[next + i];
          float[] ex = examples[idx];
          if (augment) {
            ex = ex.clone();
            augmenter.augment(ex, exampleShape, augmentRandom);
          }
          System.arraycopy(ex, 0, x, i * elements, elements);
          y[i * numClasses + labels[idx]] = 1f;
        }
        next += n;
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        INDArray features = Nd4j.create(x, shape, 'c');
        INDArray oneHot = Nd4j.create(y, new long[] {n, numClasses}, 'c');
        INDArray[] ls = new INDArray[outputs];
        for (int o = 0; o < outputs; o++) {
          ls[o] = oneHot;
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features}, ls);
      }
    };
  }

  static int[] permutation(int n, Random random) {
    int[] p = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }
}
