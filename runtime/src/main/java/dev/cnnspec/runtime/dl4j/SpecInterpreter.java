package dev.cnnspec.runtime.dl4j;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import dev.cnnspec.model.NetworkModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The interpreter back end: compiles spec sources at run time and builds the DL4J configuration
 * directly, without generated code. Generated classes call it when their builder is given
 * parameter values other than those checked at build time; {@code cnn train spec.cnn} uses it too.
 * It must produce exactly the configuration the generated code produces (a test compares JSON),
 * which holds because both follow {@link Dl4jGraphFactory}'s translation.
 */
public final class SpecInterpreter {
  private SpecInterpreter() {}

  /**
   * @param sources every spec file the network needs, path → text (as embedded in generated code)
   * @param network the network's name
   * @param overrides parameter values as text, {@code name → value}
   * @throws InvalidSpecException with the rendered diagnostics when the spec does not check
   */
  public static ComputationGraphConfiguration configuration(Map<String, String> sources, String network,
      Map<String, String> overrides, long seed, IUpdater updater) {
    return Dl4jGraphFactory.configuration(model(sources, network, overrides), seed, updater);
  }

  /** The checked model of {@code network}, for callers that also want its summary or shapes. */
  public static NetworkModel model(Map<String, String> sources, String network, Map<String, String> overrides) {
    // Sorted, so that diagnostics come out in the same order whatever map the caller passed.
    List<SourceText> texts = new TreeMap<>(sources).entrySet().stream()
        .map(e -> new SourceText(e.getKey(), e.getValue()))
        .toList();
    Compilation compilation = new CnnCompiler(List.of(), overrides).compile(texts);
    if (!compilation.succeeded()) {
      throw new InvalidSpecException(compilation.renderDiagnostics());
    }
    return compilation.networks().stream()
        .filter(n -> n.name().equals(network))
        .findFirst()
        .orElseThrow(() -> new InvalidSpecException("no network named " + network + " in "
            + String.join(", ", new TreeMap<>(sources).keySet()) + "; the networks there are: "
            + compilation.networks().stream().map(NetworkModel::name).sorted()
                .collect(Collectors.joining(", "))));
  }
}
