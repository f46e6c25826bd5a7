package dev.cnnspec.cli;

import dev.cnnspec.diagram.NetworkDiagram;
import dev.cnnspec.model.NetworkModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cnn diagram FILE -o net.svg}: draws one network of a spec as an SVG diagram (see
 * {@link NetworkDiagram}). A spec with errors prints its diagnostics and exits 1, as {@code check}
 * does; a spec with several networks needs {@code --network}.
 */
@Command(name = "diagram", mixinStandardHelpOptions = true,
    description = "Draw a network of a spec as an SVG diagram.")
final class DiagramCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "a .cnn spec")
  Path file;

  @Mixin
  SpecOptions options = new SpecOptions();

  @Mixin
  DepthOption depth = new DepthOption();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.svg", required = true, description = "where to write the SVG")
  Path output;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    int levels = depth.levels();
    Optional<List<NetworkModel>> compiled = SpecNetworks.compile(file, options.set.values(), spec.commandLine().getErr());
    if (compiled.isEmpty()) {
      return 1;
    }
    NetworkModel model = pick(compiled.get());
    String svg = NetworkDiagram.svg(model, levels);
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
    if (options.network != null) {
      return SpecNetworks.named(file, models, options.network);
    }
    if (models.size() > 1) {
      throw new UserError(file + " defines " + models.size() + " networks; choose one with --network ("
          + SpecNetworks.names(models) + ")");
    }
    return models.get(0);
  }
}
