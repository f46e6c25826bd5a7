package dev.cnnspec.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The command line the benches share: {@code [--nets a,b] [--batches N] [--warmup N] [--batch N]
 * [--data DIR]}, plus the integer options a bench names as its own ({@code extraNames}); each class
 * gives its own defaults.
 */
record BenchOptions(String nets, int batches, int warmup, int batchSize, Path data, Map<String, Integer> extra) {
  static BenchOptions parse(String[] args, String nets, int batches, int warmup, String... extraNames) {
    int batchSize = 256;
    Path data = Path.of("/usr/share/datasets/fashion-mnist");
    Map<String, Integer> extra = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--nets" -> nets = args[i + 1];
        case "--batches" -> batches = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--batch" -> batchSize = Integer.parseInt(args[i + 1]);
        case "--data" -> data = Path.of(args[i + 1]);
        default -> {
          if (!Arrays.asList(extraNames).contains(args[i])) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
          extra.put(args[i], Integer.parseInt(args[i + 1]));
        }
      }
    }
    return new BenchOptions(nets, batches, warmup, batchSize, data, Map.copyOf(extra));
  }

  /** The value of one of the bench's own options, or {@code otherwise} when not given. */
  int extra(String name, int otherwise) {
    return extra.getOrDefault(name, otherwise);
  }
}
