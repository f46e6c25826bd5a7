package dev.cnnspec.runtime.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The interpreter back end: compiles spec sources at run time and builds the DL4J configuration
 * directly, without generated code. Generated classes call it when their builder is given
 * parameter values other than those checked at build time; {@code cnn train spec.cnn} uses it too.
 * It must produce exactly the configuration the generated code produces (a test compares JSON).
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
    throw new UnsupportedOperationException("TODO(dl4j)");
  }
}
