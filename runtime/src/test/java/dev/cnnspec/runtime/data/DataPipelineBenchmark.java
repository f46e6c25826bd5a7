package dev.cnnspec.runtime.data;

import dev.cnnspec.model.Shape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Throughput of the data pipeline: images per second of iterating the whole Fashion-MNIST training
 * set (60,000 images, padded to LeNet-5's 32×32) in batches of 256, without and with prefetching,
 * plain and augmented. Not a test (timings depend on the machine); run it by hand:
 *
 * <pre>
 * mvn -B -q -o -pl runtime -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp runtime/target/test-classes:runtime/target/classes:grammar/target/classes:$(cat runtime/target/test-classpath.txt) \
 *     dev.cnnspec.runtime.data.DataPipelineBenchmark [epochs=3] [consumer-ms-per-batch=0]
 * </pre>
 *
 * Both wall-clock and process CPU time are reported: on a shared, loaded machine images per
 * CPU-second is the comparable figure. The optional consumer time simulates a training step (a sleep per batch), which is where
 * prefetching pays: the next batch is prepared while the consumer works.
 */
public final class DataPipelineBenchmark {
  private DataPipelineBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int consumerMs = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    long t0 = System.nanoTime();
    ImageSet raw = MnistFiles.fashionTrain();
    System.out.printf(Locale.ROOT, "load %d images from gzip: %.2f s%n", raw.size(), (System.nanoTime() - t0) / 1e9);
    DataOptions base = DataOptions.defaults().withInput(Shape.spatial(32, 32, 1)).withBatchSize(256)
        .withValidationFraction(0);
    t0 = System.nanoTime();
    DataSplits data = DataSources.prepare("fashion-mnist", raw, null, base);
    System.out.printf(Locale.ROOT, "pad to 32x32: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    System.out.printf(Locale.ROOT, "%d epochs of %d images, batch 256, consumer %d ms/batch%n",
        epochs, data.trainImages().size(), consumerMs);
    for (boolean augment : new boolean[] {false, true}) {
      for (int prefetch : new int[] {0, 4}) {
        DataSplits d = DataSources.prepare("fashion-mnist", raw, null,
            base.withPrefetch(prefetch).withAugment(augment));
        DataSetIterator it = d.train();
        run(it, 1, consumerMs); // warm-up: JIT, native allocator
        it.reset();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long images = run(it, epochs, consumerMs);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "%-10s %-12s %,10.0f images/s wall (%.2f s)  %,10.0f images per CPU-s (%.2f s)%n",
            augment ? "augmented" : "plain", prefetch == 0 ? "no prefetch" : "prefetch " + prefetch,
            images / seconds, seconds, images / cpu, cpu);
      }
    }
  }

  /** CPU time of the whole process, all threads: honest on a shared machine where wall time is not. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long run(DataSetIterator it, int epochs, int consumerMs) throws InterruptedException {
    long images = 0;
    double checksum = 0;
    for (int e = 0; e < epochs; e++) {
      if (e > 0) {
        it.reset();
      }
      while (it.hasNext()) {
        DataSet ds = it.next();
        images += ds.numExamples();
        checksum += ds.getFeatures().getDouble(0);
        if (consumerMs > 0) {
          Thread.sleep(consumerMs);
        }
      }
    }
    if (Double.isNaN(checksum)) {
      System.out.println("unreachable: keeps the batches from being optimized away");
    }
    return images;
  }
}
