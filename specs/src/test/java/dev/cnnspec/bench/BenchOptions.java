package dev.cnnspec.bench;

import java.nio.file.Path;

/**
 * The command line {@link SpeedBench} and {@link PhaseBench} share: {@code [--nets a,b]
 * [--batches N] [--warmup N] [--batch N] [--data DIR]}; each class gives its own defaults.
 */
record BenchOptions(String nets, int batches, int warmup, int batchSize, Path data) {
  static BenchOptions parse(String[] args, String nets, int batches, int warmup) {
    int batchSize = 256;
    Path data = Path.of("/usr/share/datasets/fashion-mnist");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--nets" -> nets = args[i + 1];
        case "--batches" -> batches = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--batch" -> batchSize = Integer.parseInt(args[i + 1]);
        case "--data" -> data = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new BenchOptions(nets, batches, warmup, batchSize, data);
  }
}
