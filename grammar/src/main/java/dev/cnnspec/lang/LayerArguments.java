package dev.cnnspec.lang;

import dev.cnnspec.diag.DiagnosticCode;
import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.diag.Location;
import dev.cnnspec.lang.Value.ListV;
import dev.cnnspec.model.Activation;
import dev.cnnspec.model.Op;
import dev.cnnspec.model.Padding;
import dev.cnnspec.model.Size2D;
import java.util.List;
import java.util.Map;

/**
 * The checked arguments of one built-in layer use, read by the layer's factory. Accessors that
 * need a range (filters &gt; 0, dropout rate in [0, 1)) report E0210 at the argument and note the
 * failure; the caller drops the layer when {@link #failed()}.
 */
final class LayerArguments {

  /** A bound argument: its value and where it was written (the call, for defaults). */
  record Bound(Value value, Location location) {}

  private final String layer;
  private final Map<String, Bound> values;
  private final Diagnostics diagnostics;
  private boolean failed;

  LayerArguments(String layer, Map<String, Bound> values, Diagnostics diagnostics) {
    this.layer = layer;
    this.values = values;
    this.diagnostics = diagnostics;
  }

  boolean failed() {
    return failed;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  int positive(String name) {
    int v = integer(name);
    if (v <= 0) {
      invalid(name, name + " of " + layer + " must be positive, found " + v, "use a value of at least 1");
      return 1;
    }
    return v;
  }

  Size2D size(String name) {
    Value v = values.get(name).value();
    int h;
    int w;
    if (v instanceof ListV l) {
      h = l.items().get(0);
      w = l.items().get(1);
    } else {
      h = w = ((Value.IntV) v).value();
    }
    if (h <= 0 || w <= 0) {
      invalid(name, name + " of " + layer + " must be positive, found " + v.describe().replaceFirst("^\\w+ ", ""),
          "use a value of at least 1");
      return Size2D.square(1);
    }
    return new Size2D(h, w);
  }

  double real(String name) {
    return ((Value.FloatV) values.get(name).value()).value();
  }

  double positiveReal(String name) {
    double v = real(name);
    if (!(v > 0)) {
      invalid(name, name + " of " + layer + " must be positive, found " + v, "a typical value is 1e-5");
    }
    return v;
  }

  /** A Keras/PyTorch drop probability: 0 keeps everything, 1 would drop everything. */
  double rate(String name) {
    double v = real(name);
    if (!(v >= 0 && v < 1)) {
      invalid(name, "dropout rate must be in [0, 1), found " + v,
          "the rate is the fraction of activations dropped (Keras semantics): 0.5 drops half");
    }
    return v;
  }

  double momentum(String name) {
    double v = real(name);
    if (!(v >= 0 && v <= 1)) {
      invalid(name, "batchnorm momentum must be in [0, 1], found " + v,
          "momentum weights the old running statistics (Keras semantics, DL4J decay): 0.9 or 0.99 are typical");
    }
    return v;
  }

  boolean bool(String name) {
    return ((Value.BoolV) values.get(name).value()).value();
  }

  Activation activation(String name) {
    return Activation.fromSpecName(((Value.Sym) values.get(name).value()).name()).orElseThrow();
  }

  Padding padding(String name) {
    Value v = values.get(name).value();
    return v instanceof Value.Sym s ? Padding.fromSpecName(s.name()).orElseThrow() : Padding.VALID;
  }

  /** The explicit zeros on each side of a window padding: 0×0 for {@code same}/{@code valid}. */
  Size2D pad(String name) {
    Value v = values.get(name).value();
    if (v instanceof Value.Sym) {
      return Size2D.square(0);
    }
    Size2D pad = v instanceof ListV l ? new Size2D(l.items().get(0), l.items().get(1))
        : Size2D.square(((Value.IntV) v).value());
    if (pad.height() < 0 || pad.width() < 0) {
      invalid(name, "padding of " + layer + " must not be negative, found " + v.describe().replaceFirst("^\\w+ ", ""),
          "give 0 or more rows and columns of zeros on each side, or same / valid");
      return Size2D.square(0);
    }
    return pad;
  }

  Op zeroPad() {
    Value v = values.get("padding").value();
    List<Integer> p = v instanceof ListV l ? l.items() : List.of(((Value.IntV) v).value());
    List<Integer> tblr = switch (p.size()) {
      case 1 -> List.of(p.get(0), p.get(0), p.get(0), p.get(0));
      case 2 -> List.of(p.get(0), p.get(0), p.get(1), p.get(1));
      default -> p;
    };
    if (tblr.stream().anyMatch(x -> x < 0)) {
      invalid("padding", "padding of zeropad must not be negative, found " + v.describe().replaceFirst("^\\w+ ", ""),
          "use 0 or more rows and columns");
      return new Op.ZeroPad(0, 0, 0, 0);
    }
    return new Op.ZeroPad(tblr.get(0), tblr.get(1), tblr.get(2), tblr.get(3));
  }

  int integer(String name) {
    return ((Value.IntV) values.get(name).value()).value();
  }

  private void invalid(String name, String message, String hint) {
    failed = true;
    diagnostics.error(DiagnosticCode.INVALID_VALUE, values.get(name).location(), message, hint);
  }
}
