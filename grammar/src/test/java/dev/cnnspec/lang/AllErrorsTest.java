package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 7: every error a run can find, at once, without follow-ups. On main, only the first
 * error of a chain is reported, and a misspelled layer or argument in a branch that is off for the
 * default parameters is reported only once a --set turns the branch on.
 */
class AllErrorsTest {

  @Test
  void everyElementOfAChainReportsItsOwnError() {
    assertEquals("""
        test.cnn:3:27: error[E0202]: conv has no argument `kernal` (hint: did you mean `kernel`? conv is conv(filters: int, kernel: int or [h, w], stride: int or [h, w], padding: padding, int or [h, w], activation: activation, bias: bool, dilation: int or [h, w], alpha: float, groups: int))
        test.cnn:3:41: error[E0201]: unknown layer or block `maxpoll` (hint: did you mean `maxpool`?)
        test.cnn:4:40: error[E0202]: dense has no argument `unitz` (hint: did you mean `units`? dense is dense(units: int, activation: activation, bias: bool, alpha: float))
        """, Specs.elaborate("""
        network N() {
          input image: [8, 8, 1]
          f = image -> conv(6, 3, kernal: 3) -> maxpoll(2) -> flatten
          output o = f -> dense(4) -> dense(2, unitz: 3)
        }
        """).diagnostics().toString());
  }

  static final String BRANCHES = """
      layer conv3 = conv(kernel: 3, padding: same)
      block unused(x: tensor) {
        return x -> conv3(4, strid: 2)
      }
      network N(aux: bool = false, drop: bool = false, extra: int = 0) {
        input image: [8, 8, 1]
        f = image -> conv3(4) -> (dropout(0.5, rat: 0.1) when drop) -> conv3x(4) * extra -> flatten
        if aux {
          output side = f -> dnse(10)
        }
        output o = f -> dense(2)
      }
      """;

  static final String BRANCH_ERRORS = """
      test.cnn:3:24: error[E0202]: conv3 has no argument `strid` (hint: did you mean `stride`? conv3 is conv3(filters: int, kernel: int or [h, w], stride: int or [h, w], padding: padding, int or [h, w], activation: activation, bias: bool, dilation: int or [h, w], alpha: float, groups: int))
      test.cnn:7:42: error[E0202]: dropout has no argument `rat` (hint: did you mean `rate`? dropout is dropout(rate: float))
      test.cnn:7:66: error[E0201]: unknown layer or block `conv3x` (hint: did you mean `conv3`?)
      test.cnn:9:24: error[E0201]: unknown layer or block `dnse` (hint: did you mean `dense`?)
      """;

  @Test
  void namesInBranchesThatAreOffAreCheckedToo() {
    assertEquals(BRANCH_ERRORS, Specs.elaborate(BRANCHES).diagnostics().toString());
  }

  @Test
  void aBranchTurnedOnReportsEachErrorOnceAndNothingElse() {
    assertEquals(BRANCH_ERRORS, Specs.elaborate(BRANCHES, Map.of("aux", "true", "drop", "true", "extra", "2"))
        .diagnostics().toString());
  }

  /** On main a network with an elaboration error is never checked, so its shape error appears only after a fix. */
  @Test
  void aShapeErrorIsReportedBesideAnElaborationErrorWithoutFollowUps() {
    dev.cnnspec.Compilation c = dev.cnnspec.CnnCompiler.withDefaults().compile(java.util.List.of(
        new dev.cnnspec.diag.SourceText("test.cnn", """
            network N() {
              input image: [4, 4, 1]
              a = image -> conv(2, 5) -> flatten
              b = image -> conv(2, 3) -> relu2
              output o = concat(a, b) -> dense(2)
              output p = a -> dense(2)
            }
            network M() {
              input v: [4]
              output o = v -> dense(2) -> dense(3, unitz: 2)
            }
            """)));
    assertEquals("""
        test.cnn:3:16: error[E0401]: conv_1: 5×5 kernel is larger than its 4×4 input under valid padding (hint: use padding: same or a smaller kernel)
        test.cnn:4:30: error[E0201]: unknown layer or block `relu2` (hint: did you mean `relu`?)
        test.cnn:10:40: error[E0202]: dense has no argument `unitz` (hint: did you mean `units`? dense is dense(units: int, activation: activation, bias: bool, alpha: float))
        """, c.diagnostics().toString());
    assertEquals(java.util.List.of(), c.networks());
  }
}
