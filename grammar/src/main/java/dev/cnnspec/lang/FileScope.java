package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.lang.SpecFile.Declaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declarations a file can use: its own and those of every file it imports, directly or
 * through other imports. Each entry remembers its home file, because a block from an imported
 * file resolves the names in its body in that file, not in the importer.
 */
final class FileScope {

  /** A visible declaration and the scope of the file that declares it. */
  record Entry(Declaration declaration, FileScope home) {}

  private final String path;
  private final Map<String, Entry> visible = new LinkedHashMap<>();

  FileScope(String path) {
    this.path = path;
  }

  String path() {
    return path;
  }

  Optional<Entry> find(String name) {
    return Optional.ofNullable(visible.get(name));
  }

  Map<String, Entry> entries() {
    return visible;
  }

  /**
   * Makes {@code declarations} of {@code home} visible here. A name already visible from another
   * declaration is E0206, reported at the one that comes later in source order so that the message
   * is stable whatever the import order.
   */
  void addAll(List<Declaration> declarations, FileScope home, Diagnostics diagnostics) {
    for (Declaration d : declarations) {
      if (d instanceof SpecFile.Import) {
        continue;
      }
      if (BuiltinLayers.find(d.name()).isPresent() && !(d instanceof SpecFile.Network)
          && !(d instanceof SpecFile.NetworkInstance)) {
        if (home == this) {
          diagnostics.error(DiagnosticCode.DUPLICATE_DEFINITION, d.location(),
              "`" + d.name() + "` is a built-in layer and cannot be redefined", "choose another name, e.g. my_" + d.name());
        }
        continue;
      }
      Entry existing = visible.get(d.name());
      if (existing == null) {
        visible.put(d.name(), new Entry(d, home));
      } else if (existing.declaration() != d) {
        Declaration first = existing.declaration().location().compareTo(d.location()) <= 0 ? existing.declaration() : d;
        Declaration second = first == d ? existing.declaration() : d;
        diagnostics.error(DiagnosticCode.DUPLICATE_DEFINITION, second.location(),
            kind(second) + " `" + d.name() + "` is already defined at " + first.location(),
            "rename one of them");
        if (first == d) {
          visible.put(d.name(), new Entry(d, home));
        }
      }
    }
  }

  static String kind(Declaration d) {
    if (d instanceof SpecFile.Block) {
      return "block";
    }
    if (d instanceof SpecFile.Preset) {
      return "layer";
    }
    return "network";
  }

  /** Names of the declarations of one kind, for suggestions. */
  List<String> namesOf(Class<? extends Declaration> type) {
    List<String> names = new ArrayList<>();
    visible.forEach((name, entry) -> {
      if (type.isInstance(entry.declaration())) {
        names.add(name);
      }
    });
    return names;
  }
}
