package dev.cnnspec.model;

/** Types of network and block parameters, as spelled in the language. */
public enum ParameterType {
  INT("int"),
  FLOAT("float"),
  BOOL("bool"),
  INT_LIST("int[]"),
  ACTIVATION("activation"),
  PADDING("padding"),
  LOSS("loss"),
  /** Block parameters only: a tensor argument. */
  TENSOR("tensor");

  private final String specName;

  ParameterType(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }
}
