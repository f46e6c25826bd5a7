package dev.cnnspec.lang;

import dev.cnnspec.diag.Suggestions;
import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.ArgumentBinder.ArgumentList;
import dev.cnnspec.lang.BuiltinLayers.Builtin;
import dev.cnnspec.lang.SpecFile.Block;
import dev.cnnspec.lang.SpecFile.Preset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a name in a chain calls once presets are unwrapped: a built-in layer or a block, plus the
 * argument lists the presets fixed (innermost first). Resolution reports unknown names (E0201,
 * with a suggestion) and presets defined in terms of themselves (E0209).
 */
record Callee(String label, Builtin builtin, Block block, FileScope home, List<ArgumentList> presetArguments) {

  boolean isBlock() {
    return block != null;
  }

  Signature signature() {
    return isBlock() ? blockSignature(block) : builtin.signature();
  }

  /** The first tensor parameter of a block: the one a chain binds. */
  Optional<String> chainParameter() {
    return block.params().stream().filter(p -> p.type().name().equals("tensor") && !p.type().list())
        .map(SpecFile.Param::name).findFirst();
  }

  static Signature blockSignature(Block block) {
    List<Signature.Parameter> params = new ArrayList<>();
    for (SpecFile.Param p : block.params()) {
      ValueType type = ValueType.parameterType(p.type().spelled()).flatMap(ValueType::of).orElse(ValueType.INT);
      params.add(new Signature.Parameter(p.name(), type, Optional.empty(), p.defaultValue(), false, p.location()));
    }
    return new Signature(block.name(), params);
  }

  /** Resolves {@code name} as used at {@code at}; empty after reporting. */
  static Optional<Callee> resolve(String name, Location at, FileScope scope, Diagnostics diagnostics) {
    return resolve(name, name, at, scope, diagnostics, new LinkedHashSet<>());
  }

  private static Optional<Callee> resolve(String label, String name, Location at, FileScope scope,
      Diagnostics diagnostics, Set<String> seen) {
    Optional<Builtin> builtin = BuiltinLayers.find(name);
    if (builtin.isPresent()) {
      return Optional.of(new Callee(label, builtin.get(), null, scope, List.of()));
    }
    Optional<FileScope.Entry> entry = scope.find(name);
    if (entry.isEmpty()) {
      List<String> candidates = new ArrayList<>(BuiltinLayers.names());
      candidates.addAll(scope.namesOf(Preset.class));
      candidates.addAll(scope.namesOf(Block.class));
      String suggestion = Suggestions.didYouMean(name, candidates);
      diagnostics.error(DiagnosticCode.UNKNOWN_LAYER, at, "unknown layer or block `" + name + "`",
          suggestion.isEmpty() ? "declare it with `layer " + name + " = …` or `block " + name + "(x: tensor) { … }`, or import the file that does"
              : suggestion);
      return Optional.empty();
    }
    SpecFile.Declaration d = entry.get().declaration();
    if (d instanceof Block b) {
      return Optional.of(new Callee(label, null, b, entry.get().home(), List.of()));
    }
    if (d instanceof Preset p) {
      if (!seen.add(p.name())) {
        diagnostics.error(DiagnosticCode.CYCLE, p.location(), "layer `" + p.name() + "` is defined in terms of itself: "
            + String.join(" → ", seen) + " → " + p.name(), "a preset must end in a built-in layer or a block");
        return Optional.empty();
      }
      Optional<Callee> base = resolve(label, p.target(), p.targetLocation(), entry.get().home(), diagnostics, seen);
      if (base.isEmpty()) {
        return base;
      }
      List<ArgumentList> lists = new ArrayList<>(base.get().presetArguments());
      lists.add(new ArgumentList(p.arguments(), Env.EMPTY));
      Callee c = base.get();
      return Optional.of(new Callee(label, c.builtin(), c.block(), c.home(), lists));
    }
    diagnostics.error(DiagnosticCode.UNKNOWN_LAYER, at, "`" + name + "` is a network, not a layer or block",
        "networks cannot be used inside other networks; move the shared part into a block");
    return Optional.empty();
  }
}
