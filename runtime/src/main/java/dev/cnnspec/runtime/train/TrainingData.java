package dev.cnnspec.runtime.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A source of labelled mini-batches for one epoch. The trainer asks for an epoch's batches with
 * that epoch's seed, so a source that shuffles (or augments) must draw only from that seed: this
 * is what lets a resumed run replay an epoch exactly. Labels are one-hot and are handed to every
 * output head of the graph (GoogLeNet's auxiliary classifiers learn the same labels).
 */
public interface TrainingData {

  /** Examples per epoch (for images/s and the progress bar). */
  int size();

  int batchSize();

  /** Number of classes (columns of the one-hot labels). */
  int numClasses();

  /**
   * @param epochSeed the seed for this epoch's order and augmentation; ignored by sources that do not shuffle
   * @param shuffle whether to shuffle and augment (false for validation and test)
   * @param outputs how many output heads to feed; labels are repeated for each
   */
  Iterator<MultiDataSet> batches(long epochSeed, boolean shuffle, int outputs);

  default int batchesPerEpoch() {
    return (size() + batchSize() - 1) / batchSize();
  }

  /**
   * Wraps an ND4J iterator (e.g. one of the data package's). It cannot be reshuffled from a seed, so
   * runs over it are only as deterministic as the iterator itself.
   */
  static TrainingData of(DataSetIterator iterator, int size) {
    return new TrainingData() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public int batchSize() {
        return iterator.batch();
      }

      @Override
      public int numClasses() {
        return iterator.totalOutcomes();
      }

      @Override
      public Iterator<MultiDataSet> batches(long epochSeed, boolean shuffle, int outputs) {
        iterator.reset();
        List<MultiDataSet> out = new ArrayList<>();
        while (iterator.hasNext()) {
          out.add(toMulti(iterator.next(), outputs));
        }
        return out.iterator();
      }
    };
  }

  /** One input, the labels repeated for each of {@code outputs} heads. */
  static MultiDataSet toMulti(DataSet ds, int outputs) {
    INDArray[] labels = new INDArray[outputs];
    for (int i = 0; i < outputs; i++) {
      labels[i] = ds.getLabels();
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {ds.getFeatures()}, labels);
  }
}
