package dev.cnnspec.lang;

import dev.cnnspec.diag.Location;
import java.util.List;

/**
 * The syntax tree of one {@code .cnn} file: its declarations in source order. Produced by
 * {@link SpecParser}; immutable, and free of ANTLR types so that later stages never see the parser.
 */
public record SpecFile(String path, List<Declaration> declarations) {

  public SpecFile {
    declarations = List.copyOf(declarations);
  }

  /** A top-level declaration. {@code location} is that of its name (or of the import's path). */
  public sealed interface Declaration {
    String name();

    Location location();
  }

  /** {@code import "path"}; {@code name} is the path as written. */
  public record Import(String name, Location location) implements Declaration {}

  /** {@code layer NAME = TARGET(args)}: a partial application of a layer, block or preset. */
  public record Preset(String name, Location location, String target, Location targetLocation,
      List<Argument> arguments) implements Declaration {
    public Preset {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code block NAME(params) { body }}: tensors and values in, one tensor out. */
  public record Block(String name, Location location, List<Param> params, List<Statement> body)
      implements Declaration {
    public Block {
      params = List.copyOf(params);
      body = List.copyOf(body);
    }
  }

  /** {@code network NAME(params) { body }}. */
  public record Network(String name, Location location, List<Param> params, List<Statement> body)
      implements Declaration {
    public Network {
      params = List.copyOf(params);
      body = List.copyOf(body);
    }
  }

  /** {@code network NAME = TARGET(args)}: a new network with some of TARGET's parameters fixed. */
  public record NetworkInstance(String name, Location location, String target, Location targetLocation,
      List<Argument> arguments) implements Declaration {
    public NetworkInstance {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code name: type = default} in a block or network header. */
  public record Param(String name, TypeRef type, java.util.Optional<Expr> defaultValue, Location location) {}

  /** A type as written; {@code list} for {@code int[]}. Unknown names are reported by the elaborator. */
  public record TypeRef(String name, boolean list, Location location) {
    public String spelled() {
      return list ? name + "[]" : name;
    }
  }
}
