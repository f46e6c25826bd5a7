package dev.cnnspec.diag;

/**
 * The catalog of every diagnostic the compiler can emit. Ids are stable: tools and tests match on
 * them, so a code is never renumbered or reused; new ones are appended in their group.
 *
 * <p>Groups: 01xx syntax, 02xx names and elaboration, 03xx imports, 04xx shapes, 05xx the Java
 * front end, 09xx the compiler's own failures.
 */
public enum DiagnosticCode {
  SYNTAX("E0101", Severity.ERROR, "syntax error"),
  /** Input nested past a documented limit (lang/NestingLimit): refused before it can exhaust the stack. */
  NESTING_TOO_DEEP("E0102", Severity.ERROR, "nesting too deep"),

  UNKNOWN_LAYER("E0201", Severity.ERROR, "unknown layer or block"),
  UNKNOWN_ARGUMENT("E0202", Severity.ERROR, "unknown argument"),
  UNDEFINED_NAME("E0203", Severity.ERROR, "undefined name"),
  WRONG_ARGUMENT_TYPE("E0204", Severity.ERROR, "wrong argument type"),
  MISSING_ARGUMENT("E0205", Severity.ERROR, "missing required argument"),
  DUPLICATE_DEFINITION("E0206", Severity.ERROR, "name defined twice"),
  DUPLICATE_ARGUMENT("E0207", Severity.ERROR, "argument given twice"),
  TOO_MANY_ARGUMENTS("E0208", Severity.ERROR, "too many arguments"),
  CYCLE("E0209", Severity.ERROR, "cycle in the network graph"),
  /** A value outside the range its use allows: filters 0, a dropout rate of 1.5, a negative weight. */
  INVALID_VALUE("E0210", Severity.ERROR, "value out of range"),
  ASSERTION_FAILED("E0211", Severity.ERROR, "assertion failed"),
  RECURSION("E0212", Severity.ERROR, "block expands without end"),
  NO_OUTPUT("E0213", Severity.ERROR, "network has no output"),
  UNKNOWN_NETWORK("E0214", Severity.ERROR, "unknown network"),
  UNKNOWN_PARAMETER("E0215", Severity.ERROR, "unknown network parameter"),
  UNUSED_TENSOR("W0216", Severity.WARNING, "tensor is never used"),
  MISSING_RETURN("E0217", Severity.ERROR, "block returns no tensor"),
  /** Evaluating an expression failed: division by zero, overflow, an index out of range, a huge literal. */
  ARITHMETIC("E0218", Severity.ERROR, "arithmetic error"),
  /** A network larger than the compiler will build: repeat counts, layer budget, sizes beyond int/long. */
  TOO_LARGE("E0219", Severity.ERROR, "network too large"),
  /** Elaboration needs more work or deeper nesting than the documented limits (lang/ElaborationLimits). */
  ELABORATION_LIMIT("E0220", Severity.ERROR, "elaboration limit exceeded"),
  /** A layer given more or fewer input tensors than its op takes. */
  WRONG_INPUT_COUNT("E0221", Severity.ERROR, "wrong number of input tensors"),
  /** Two networks of one compilation share a name, so generated classes and `cnn train NAME` would clash. */
  DUPLICATE_NETWORK("E0222", Severity.ERROR, "network name used twice"),
  /**
   * An expression asks a tensor's shape for what it cannot give: {@code .units} of a spatial tensor,
   * an unknown property, a tensor whose own shape is an error, or a shape where none is known yet.
   */
  SHAPE_QUERY("E0223", Severity.ERROR, "tensor shape not available"),

  IMPORT_NOT_FOUND("E0301", Severity.ERROR, "import not found"),
  IMPORT_CYCLE("E0302", Severity.ERROR, "cyclic import"),
  IMPORT_OUTSIDE_ROOTS("E0303", Severity.ERROR, "import outside the spec roots"),

  SPATIAL_COLLAPSE("E0401", Severity.ERROR, "spatial size collapses"),
  ADD_SHAPE_MISMATCH("E0402", Severity.ERROR, "add of different shapes"),
  CONCAT_SHAPE_MISMATCH("E0403", Severity.ERROR, "concat of different spatial sizes"),
  MFM_ODD_CHANNELS("E0404", Severity.ERROR, "max-feature-map on an odd channel count"),
  DENSE_ON_SPATIAL("E0405", Severity.ERROR, "dense layer on a spatial tensor"),
  SPATIAL_LAYER_ON_FLAT("E0406", Severity.ERROR, "spatial layer on a flat tensor"),
  RANK_MISMATCH("E0407", Severity.ERROR, "inputs of different rank"),
  // E0408 (output head on a spatial tensor) is retired, not reusable: an [H, W, C] head is a per-pixel head.
  UNSUPPORTED_PADDING("E0409", Severity.ERROR, "padding the DL4J back end cannot express"),
  /** Grouped conv, channel shuffle and channel split cut the channels into equal groups. */
  GROUPS_MISMATCH("E0430", Severity.ERROR, "channels not divisible into the groups"),
  LOSS_NEEDS_PROBABILITIES("E0420", Severity.ERROR, "loss needs probabilities the head does not give"),
  LOSS_WRONG_PROBABILITIES("E0421", Severity.ERROR, "softmax and sigmoid heads with each other's loss"),
  SINGLE_CLASS_HEAD("E0422", Severity.ERROR, "softmax or categorical loss over a single unit"),
  UNCONNECTED_INPUT("E0423", Severity.ERROR, "input that no output depends on"),
  NETWORK_TOO_LARGE("W0424", Severity.WARNING, "network too large to allocate"),

  INVALID_ANNOTATION("E0501", Severity.ERROR, "invalid network annotation"),
  UNKNOWN_INPUT("E0502", Severity.ERROR, "layer input names no tensor"),

  INTERNAL_ERROR("E0901", Severity.ERROR, "internal compiler error");

  private final String id;
  private final Severity severity;
  private final String title;

  DiagnosticCode(String id, Severity severity, String title) {
    this.id = id;
    this.severity = severity;
    this.title = title;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  public String title() {
    return title;
  }
}
