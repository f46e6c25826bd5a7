package dev.cnnspec.differential;

/**
 * What the oracle made of one case. A failure names the stage that broke, so that shrinking keeps
 * looking for the same bug rather than any bug.
 */
record Verdict(Outcome outcome, String stage, String detail) {
  enum Outcome {
    /** {@code check} reported errors, each located and with an id (not E0901). */
    REJECTED,
    /** Accepted, and both back ends built, ran with the inferred shapes and trained one step. */
    TRAINED,
    /** The property does not hold. */
    FAILED
  }

  /** @param ids the diagnostic ids reported, for the report's breakdown of rejections */
  static Verdict rejected(String ids) {
    return new Verdict(Outcome.REJECTED, "", ids);
  }

  static Verdict trained() {
    return new Verdict(Outcome.TRAINED, "", "");
  }

  static Verdict failed(String stage, String detail) {
    return new Verdict(Outcome.FAILED, stage, detail);
  }

  /**
   * What kind of failure this is: the stage and the start of the message with numbers and
   * generated names blotted out, so that two cases of one bug share it and shrinking a case keeps
   * chasing its own bug ("disconnected vertices" is not "Softmax + nOut=1", though both fail at
   * building the graph).
   */
  String signature() {
    // ND4J names each op execution with a fresh UUID ("Op with name 6fce9454-… and op type …"):
    // left in, no two runs of one bug shared a signature and shrinking never got past the first step.
    String message = detail.replaceAll("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "_")
        .replaceAll("\\[[^\\]]*\\]", "[_]").replaceAll("\"[^\"]*\"", "_")
        .replaceAll("\\d+", "#").replaceAll("\\b[Ntoc]#\\b", "_");
    return stage + ": " + message.substring(0, Math.min(80, message.length()));
  }

  boolean failed() {
    return outcome == Outcome.FAILED;
  }

  @Override
  public String toString() {
    return failed() ? "FAILED at " + stage + ": " + detail : outcome.toString();
  }
}
