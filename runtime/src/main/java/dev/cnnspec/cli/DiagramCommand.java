package dev.cnnspec.cli;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diagram.NetworkDiagram;
import dev.cnnspec.model.NetworkModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn diagram FILE -o net.svg}: draws one network of a spec as an SVG diagram (see
 * {@link NetworkDiagram}). A spec with errors prints its diagnostics and exits 1, as {@code check}
 * does; a spec with several networks needs {@code --network}.
 */
@Command(name = "diagram", description = "Draw a network of a spec as an SVG diagram.")
final class DiagramCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "a .cnn spec")
  Path file;

  @Option(names = "--network", paramLabel = "NAME", description = "the network to draw (needed when the spec has several)")
  String network;

  @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a network parameter")
  List<String> settings;

  @Option(names = "--depth", paramLabel = "D", defaultValue = "0",
      description = "draw D levels of block nesting open, deeper blocks as one box (default: all)")
  int depth;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.svg", required = true, description = "where to write the SVG")
  Path output;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (depth < 0) {
      throw new UserError("--depth " + depth + ": expected a positive number of levels (or 0 for all)");
    }
    Compilation c = new CnnCompiler(SpecRoots.forFiles(List.of(file)), Overrides.parse(settings))
        .compileFiles(List.of(file));
    if (!c.succeeded()) {
      spec.commandLine().getErr().print(c.renderDiagnostics());
      spec.commandLine().getErr().flush();
      return 1;
    }
    NetworkModel model = pick(c.networks());
    String svg = NetworkDiagram.svg(model, depth == 0 ? NetworkDiagram.ALL : depth);
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(output, svg, StandardCharsets.UTF_8);
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + output + " (" + model.name() + ", " + model.layers().size() + " layers)");
    out.flush();
    return 0;
  }

  private NetworkModel pick(List<NetworkModel> models) {
    List<String> names = models.stream().map(NetworkModel::name).toList();
    if (models.isEmpty()) {
      throw new UserError(file + " defines no network");
    }
    if (network == null) {
      if (models.size() > 1) {
        throw new UserError(file + " defines " + models.size() + " networks; choose one with --network ("
            + String.join(", ", names) + ")");
      }
      return models.get(0);
    }
    return models.stream().filter(m -> m.name().equals(network)).findFirst()
        .orElseThrow(() -> new UserError("no network " + network + " in " + file + "; it has " + String.join(", ", names)));
  }
}
