package dev.cnnspec.runtime.data;

import java.nio.ByteOrder;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link DataSetIterator} over an in-memory {@link ImageSet}: bytes become floats one batch
 * at a time (through the {@link PixelNormalizer}'s lookup table), so memory stays at one byte per
 * pixel. Features are NCHW {@code [batch, c, h, w]} (or {@code [batch, c·h·w]} for a flat model
 * input), labels one-hot {@code [batch, classes]} ({@code null} for an unlabelled set). The last
 * batch may be smaller.
 *
 * <p>Order: in file order, or shuffled with a seed. The order of epoch {@code k} (the first is 0,
 * each {@link #reset()} starts the next) depends only on the seed and {@code k}, so two iterators
 * with the same seed produce the same batches, and each epoch sees a new order.
 *
 * <p>A {@link DataSetPreProcessor} (such as {@link Augmentation}) runs on each batch inside
 * {@link #next()}, hence on the prefetch thread when wrapped in DL4J's AsyncDataSetIterator.
 */
public final class ImageSetIterator implements DataSetIterator {
  private static final long serialVersionUID = 1L;
  private static final boolean CPU_BACKEND = Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend");

  private final transient ImageSet images;
  private final int batchSize;
  private final transient PixelNormalizer normalizer;
  private final boolean flat;
  private final Long seed;
  private final int[] order;
  private int epoch;
  private int cursor;
  private transient DataSetPreProcessor preProcessor;

  /**
   * @param images the data, already fitted to the model input ({@link InputFitter})
   * @param batchSize examples per batch, at least 1
   * @param normalizer the pixel transform; its statistics must have 1 or the images' channels
   * @param flat whether features are {@code [batch, c·h·w]} (a flat model input) instead of NCHW
   * @param shuffleSeed the seed of the per-epoch shuffle, or {@code null} for file order
   */
  public ImageSetIterator(ImageSet images, int batchSize, PixelNormalizer normalizer, boolean flat, Long shuffleSeed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    if (!normalizer.fits(images.channels())) {
      throw new IllegalArgumentException("normalizer statistics for " + normalizer.mean().length
          + " channels do not fit images with " + images.channels());
    }
    this.images = images;
    this.batchSize = batchSize;
    this.normalizer = normalizer;
    this.flat = flat;
    this.seed = shuffleSeed;
    this.order = new int[images.size()];
    arrange();
  }

  /** In file order, NCHW, ÷255: the simplest iterator, for evaluation and tests. */
  public ImageSetIterator(ImageSet images, int batchSize) {
    this(images, batchSize, PixelNormalizer.scale(), false, null);
  }

  public ImageSet images() {
    return images;
  }

  public PixelNormalizer normalizer() {
    return normalizer;
  }

  /** The index into {@link #images()} of each example of the current epoch, in the order served. */
  public int[] order() {
    return order.clone();
  }

  private void arrange() {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (seed != null) {
      // Fisher–Yates with a generator derived from (seed, epoch) only: reproducible per epoch.
      Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
  }

  @Override
  public boolean hasNext() {
    return cursor < order.length;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  @Override
  public DataSet next(int num) {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " is exhausted; call reset()");
    }
    int n = Math.min(num, order.length - cursor);
    int size = images.imageSize();
    int plane = images.height() * images.width();
    int channels = images.channels();
    float[][] tables = new float[channels][];
    for (int c = 0; c < channels; c++) {
      tables[c] = normalizer.table(c);
    }
    byte[] px = images.pixelArray();
    float[] features = new float[n * size];
    boolean labelled = images.labelled();
    int classes = images.numClasses();
    float[] labels = labelled ? new float[n * classes] : null;
    for (int k = 0; k < n; k++) {
      int i = order[cursor + k];
      int src = i * size;
      int dst = k * size;
      for (int c = 0; c < channels; c++) {
        float[] t = tables[c];
        for (int p = 0; p < plane; p++) {
          features[dst + p] = t[px[src + p] & 0xFF];
        }
        src += plane;
        dst += plane;
      }
      if (labelled) {
        labels[k * classes + images.label(i)] = 1f;
      }
    }
    cursor += n;
    long[] shape = flat ? new long[] {n, size} : new long[] {n, channels, images.height(), images.width()};
    INDArray f = toArray(features, shape);
    INDArray l = labelled ? toArray(labels, new long[] {n, classes}) : null;
    DataSet ds = new DataSet(f, l);
    ds.setLabelNames(images.classNames());
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  /**
   * On the CPU backend, copies into uninitialized native memory with one bulk put, about twice as
   * fast as {@code Nd4j.create(float[])} (measured with DataPipelineBenchmark); other backends keep
   * device memory in sync only through their own API, so they get {@code Nd4j.create}.
   */
  static INDArray toArray(float[] values, long[] shape) {
    if (!CPU_BACKEND) {
      return Nd4j.create(values, shape, 'c');
    }
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(values);
    return a;
  }

  /** Starts the next epoch (a new order when shuffling). */
  @Override
  public void reset() {
    epoch++;
    cursor = 0;
    arrange();
  }

  /** The number of batches per epoch. */
  public int batches() {
    return (order.length + batchSize - 1) / batchSize;
  }

  @Override
  public int inputColumns() {
    return images.imageSize();
  }

  @Override
  public int totalOutcomes() {
    return images.numClasses();
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return true;
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  @Override
  public List<String> getLabels() {
    return images.classNames();
  }
}
