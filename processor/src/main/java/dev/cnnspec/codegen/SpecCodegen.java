package dev.cnnspec.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a successful {@link Compilation} of spec files into Java files, one class per network.
 * Shared by the annotation processor and the Maven plugin so that both generate the same code.
 * The Java package of a network is the directory of its spec relative to the spec root it lies in.
 */
public final class SpecCodegen {
  private final List<Path> specRoots;

  public SpecCodegen(List<Path> specRoots) {
    this.specRoots = List.copyOf(specRoots);
  }

  /** Only for a compilation without errors. Sorted by qualified class name. */
  public List<JavaFile> generate(Compilation compilation) {
    if (!compilation.succeeded()) {
      throw new IllegalArgumentException("code generation needs a compilation without errors:\n"
          + compilation.renderDiagnostics());
    }
    SpecSources sources = new SpecSources(specRoots);
    NetworkClassGenerator generator = new NetworkClassGenerator(sources::describe);
    // One allocator per package: network names become class names, made valid and unique there.
    Map<String, NameAllocator> classNames = new HashMap<>();
    List<NetworkModel> networks = new ArrayList<>(compilation.networks());
    networks.sort(Comparator.comparing((NetworkModel n) -> sources.relative(n.graph().location().path()))
        .thenComparing(NetworkModel::name));
    List<JavaFile> files = new ArrayList<>();
    for (NetworkModel network : networks) {
      String path = network.graph().location().path();
      String packageName = sources.packageOf(path);
      String simpleName = classNames.computeIfAbsent(packageName, p -> new NameAllocator())
          .newName(network.name());
      String origin = sources.describe(network.graph().location());
      TypeSpec type = generator.generate(network, ClassName.get(packageName, simpleName), origin,
          sources.embedded(path, compilation.sources()));
      files.add(GeneratedFiles.file(packageName, type, origin, List.of()));
    }
    files.sort(Comparator.comparing(f -> f.packageName() + "." + f.typeSpec().name()));
    return List.copyOf(files);
  }
}
