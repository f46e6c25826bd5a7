package dev.cnnspec.cli;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked networks of one spec file, for the commands that read specs rather than train them
 * ({@code summary}, {@code diagram}): compiled with the file's spec root and the {@code --set}
 * overrides; a spec with errors prints its diagnostics (the caller exits 1, as {@code check} does).
 */
final class SpecNetworks {
  private SpecNetworks() {}

  /** The networks, or empty after printing the diagnostics to {@code err}. */
  static Optional<List<NetworkModel>> compile(Path file, Map<String, String> overrides, PrintWriter err) {
    Compilation c = new CnnCompiler(SpecRoots.forFiles(List.of(file)), overrides)
        .compileFiles(List.of(file));
    if (!c.succeeded()) {
      err.print(c.renderDiagnostics());
      err.flush();
      return Optional.empty();
    }
    if (c.networks().isEmpty()) {
      throw new UserError(file + " defines no network");
    }
    return Optional.of(c.networks());
  }

  /** The network named {@code name}, a user error naming the others when there is none. */
  static NetworkModel named(Path file, List<NetworkModel> models, String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new UserError("no network " + name + " in " + file + "; it has " + names(models)));
  }

  static String names(List<NetworkModel> models) {
    return String.join(", ", models.stream().map(NetworkModel::name).toList());
  }
}
