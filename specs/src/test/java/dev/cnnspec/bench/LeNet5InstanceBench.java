package dev.cnnspec.bench;

import dev.cnnspec.runtime.exec.FastPath;
import dev.cnnspec.zoo.LeNet5;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How far apart two instances of the same network are in one JVM, beside the generated /
 * hand-written LeNet-5 ratio that {@link SpeedBench} reports: a few instances each of the generated
 * class, {@link HandWrittenLeNet5} as a DL4J user writes it, and the hand-written graph with the
 * flatten as a vertex of its own (the generated configuration exactly, {@code
 * HandWrittenLeNet5Test}), all on the fast path, trained and run on the same Fashion-MNIST batches,
 * timed round by round with the order rotated. When instances of one configuration differ as much as
 * the generated and the hand-written graphs do, that ratio measures instances, not code.
 *
 * <p>Arguments: {@code [--batches 20] [--warmup 5] [--batch 256] [--data DIR]} and, as extra pairs,
 * {@code --rounds 12 --instances 2}. Prints one {@code INSTANCE} line per graph (median over rounds
 * of µs per batch, training and inference) and one {@code VARIANT} line per kind.
 */
public final class LeNet5InstanceBench {
  private LeNet5InstanceBench() {}

  private record Variant(String name, Supplier<ComputationGraph> build) {}

  private record Instance(Variant variant, int index, ComputationGraph graph, List<Double> trainUs,
      List<Double> inferUs) {}

  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(args, "lenet5", 20, 5, "--rounds", "--instances");
    int rounds = o.extra("--rounds", 12);
    int instances = o.extra("--instances", 2);
    FastPath.enable();
    List<Variant> variants = List.of(
        new Variant("generated", () -> LeNet5.builder().seed(42).build()),
        new Variant("handwritten", () -> handWritten(false)),
        new Variant("handwritten-flatten-vertex", () -> handWritten(true)));
    List<Instance> all = new ArrayList<>();
    for (int i = 0; i < instances; i++) { // interleaved, so that no kind gets all the first allocations
      for (Variant v : variants) {
        all.add(new Instance(v, i, v.build().get(), new ArrayList<>(), new ArrayList<>()));
      }
    }
    List<DataSet> sets = BenchNetwork.LENET5.batches(o.data(), o.batches(), o.batchSize());
    for (Instance in : all) {
      for (int w = 0; w < o.warmup(); w++) {
        for (DataSet ds : sets) {
          in.graph().fit(ds);
          in.graph().output(false, ds.getFeatures());
        }
      }
    }
    List<Instance> order = new ArrayList<>(all);
    for (int r = 0; r < rounds; r++) {
      Collections.rotate(order, 1);
      for (Instance in : order) {
        long t0 = System.nanoTime();
        for (DataSet ds : sets) {
          in.graph().fit(ds);
        }
        long t1 = System.nanoTime();
        for (DataSet ds : sets) {
          in.graph().output(false, ds.getFeatures());
        }
        long t2 = System.nanoTime();
        in.trainUs().add((t1 - t0) / 1e3 / sets.size());
        in.inferUs().add((t2 - t1) / 1e3 / sets.size());
      }
    }
    for (Instance in : all) {
      System.out.printf(Locale.ROOT, "INSTANCE variant=%s instance=%d train_us_per_batch=%.0f infer_us_per_batch=%.0f%n",
          in.variant().name(), in.index(), median(in.trainUs()), median(in.inferUs()));
    }
    for (Variant v : variants) {
      List<Double> train = new ArrayList<>();
      List<Double> infer = new ArrayList<>();
      for (Instance in : all) {
        if (in.variant() == v) {
          train.add(median(in.trainUs()));
          infer.add(median(in.inferUs()));
        }
      }
      System.out.printf(Locale.ROOT, "VARIANT variant=%s train_us_per_batch=%s infer_us_per_batch=%s%n", v.name(),
          range(train), range(infer));
    }
  }

  private static ComputationGraph handWritten(boolean flattenVertex) {
    ComputationGraph graph = new ComputationGraph(HandWrittenLeNet5.configuration(42, flattenVertex));
    graph.init();
    return FastPath.optimise(graph);
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** "min-max" of the instances' medians. */
  private static String range(List<Double> values) {
    return String.format(Locale.ROOT, "%.0f-%.0f", Collections.min(values), Collections.max(values));
  }
}
