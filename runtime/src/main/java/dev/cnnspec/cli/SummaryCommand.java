package dev.cnnspec.cli;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.report.SummaryTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn summary FILE}: the layer table (shapes, parameters, multiply-adds) of each network
 * in a spec, or JSON with {@code --json}. A spec with errors prints its diagnostics and exits 1,
 * as {@code check} does.
 */
@Command(name = "summary", description = "Print the layer table of the networks in a spec (or JSON).")
final class SummaryCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "a .cnn spec")
  Path file;

  @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a network parameter")
  List<String> settings;

  @Option(names = "--network", paramLabel = "NAME", description = "only this network")
  String network;

  @Option(names = "--json", description = "JSON instead of a table (a list when there are several networks)")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Compilation c = new CnnCompiler(SpecRoots.forFiles(List.of(file)), Overrides.parse(settings))
        .compileFiles(List.of(file));
    if (!c.succeeded()) {
      spec.commandLine().getErr().print(c.renderDiagnostics());
      spec.commandLine().getErr().flush();
      return 1;
    }
    List<NetworkModel> models = c.networks();
    if (network != null) {
      models = models.stream().filter(m -> m.name().equals(network)).toList();
      if (models.isEmpty()) {
        throw new UserError("no network " + network + " in " + file + "; it has "
            + String.join(", ", c.networks().stream().map(NetworkModel::name).toList()));
      }
    }
    if (models.isEmpty()) {
      throw new UserError(file + " defines no network");
    }
    if (json) {
      out.println(SummaryJson.render(models));
    } else {
      for (int i = 0; i < models.size(); i++) {
        if (i > 0) {
          out.println();
        }
        out.print(SummaryTable.of(models.get(i)).render());
      }
    }
    out.flush();
    return 0;
  }
}
