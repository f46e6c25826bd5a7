package dev.cnnspec.cli;

import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.report.SummaryTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn summary FILE}: the layer table (shapes, parameters, multiply-adds, activation memory
 * for a batch, receptive fields) of each network in a spec, with the memory totals, or JSON with
 * {@code --json}. {@code --depth D} folds block instances nested deeper than D into one row each.
 * A spec with errors prints its diagnostics and exits 1, as {@code check} does.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print the layer table of the networks in a spec (or JSON).")
final class SummaryCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "a .cnn spec")
  Path file;

  @Mixin
  SpecOptions options = new SpecOptions();

  @Option(names = "--json", description = "JSON instead of a table (a list when there are several networks)")
  boolean json;

  @Mixin
  DepthOption depth = new DepthOption();

  @Option(names = "--batch", paramLabel = "N", defaultValue = "" + SummaryJson.DEFAULT_BATCH,
      description = "batch size of the memory figures (default ${DEFAULT-VALUE})")
  int batch;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int levels = depth.levels();
    if (batch < 1) {
      throw new UserError("--batch " + batch + ": expected a batch size of at least 1");
    }
    Optional<List<NetworkModel>> compiled = SpecNetworks.compile(file, options.set.values(), spec.commandLine().getErr());
    if (compiled.isEmpty()) {
      return 1;
    }
    List<NetworkModel> models = options.network == null ? compiled.get()
        : List.of(SpecNetworks.named(file, compiled.get(), options.network));
    if (json) {
      out.println(SummaryJson.render(models, levels, batch));
    } else {
      for (int i = 0; i < models.size(); i++) {
        if (i > 0) {
          out.println();
        }
        out.print(SummaryTable.of(models.get(i)).depth(levels).memory(batch).render());
      }
    }
    out.flush();
    return 0;
  }
}
