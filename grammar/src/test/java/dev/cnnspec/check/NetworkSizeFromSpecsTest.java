package dev.cnnspec.check;

import static dev.cnnspec.check.ShapeDiagnosticsFromSpecsTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.Compilation;
import dev.cnnspec.model.NetworkModel;
import dev.cnnspec.report.SummaryTable;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Whole-network rules ({@link NetworkSize}): inputs that feed no output (E0423; DL4J refuses the
 * graph as "disconnected"), totals past a {@code long} (the summary of a 10¹⁹-parameter spec once
 * printed a negative total) and sizes no machine holds (W0424, with the size).
 */
class NetworkSizeFromSpecsTest {

  @Test
  void e0423InputThatFeedsNoOutput() {
    Compilation c = compile("two.cnn", """
        network Two() {
          input image: [8, 8, 1]
          input extra: [4]
          output probs = image -> flatten -> dense(10)
        }
        """);
    assertFalse(c.succeeded());
    assertTrue(c.diagnostics().toString().contains("""
        two.cnn:3:9: error[E0423]: input extra feeds no output of Two: the network could not be built or fed with it (hint: use extra in a chain that leads to an output, or delete the input)
        """), c.diagnostics().toString());
  }

  /** Each of 5 dense layers has 2·10¹⁸ parameters (fits a long); their sum, 10¹⁹, does not. */
  @Test
  void totalBeyondALongIsAnErrorNotANegativeNumber() {
    Compilation c = compile("huge.cnn", """
        network Huge() {
          input v: [1000000000]
          output a = v -> dense(2000000000)
          output b = v -> dense(2000000000)
          output c = v -> dense(2000000000)
          output d = v -> dense(2000000000)
          output e = v -> dense(2000000000)
        }
        """);
    BigInteger total = BigInteger.valueOf(5).multiply(BigInteger.valueOf(2_000_000_001L).multiply(BigInteger.valueOf(1_000_000_000L)));
    assertTrue(total.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0, "the spec must overflow a long");
    assertFalse(c.succeeded());
    assertEquals("""
        huge.cnn:1:9: error[E0210]: network Huge: its total parameter or multiply-add count exceeds a 64-bit integer (hint: use fewer or narrower layers, or downsample the input first)
        """, c.diagnostics().toString());
  }

  @Test
  void w0424TeraParameterNetworkIsWarnedWithItsSize() {
    Compilation c = compile("tera.cnn", """
        network Tera() {
          input v: [1000000]
          output o = v -> dense(1000000) -> dense(10)
        }
        """);
    assertTrue(c.succeeded(), c.diagnostics().toString());
    assertEquals("""
        tera.cnn:1:9: warning[W0424]: network Tera has 1,000,011,000,010 parameters: 4.0 TB of float32 weights alone, more than almost any machine can allocate (hint: use fewer or narrower layers, or downsample the input first; building it will fail)
        """, c.diagnostics().toString());
    NetworkModel m = c.networks().get(0);
    assertEquals(1_000_011_000_010L, m.totalParameters());
    assertTrue(SummaryTable.of(m).render().contains("1,000,011,000,010"), SummaryTable.of(m).render());
  }
}
