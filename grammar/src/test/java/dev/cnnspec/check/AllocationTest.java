package dev.cnnspec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnspec.diag.Diagnostics;
import dev.cnnspec.model.NetworkGraph;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Checking is arithmetic on longs: VGG-16's 138 million parameters must not be materialised (as
 * floats they would take 553 MB). Measured with the JVM's per-thread allocation counter, which is
 * exact and independent of timing; the bound is three orders of magnitude above what the checker
 * needs and three below a weight array, so it is robust yet able to fail.
 */
class AllocationTest {

  @Test
  void checkingVgg16AllocatesNoWeights() {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    NetworkGraph vgg16 = dev.cnnspec.testing.ZooGraphs.vgg(16);
    NetworkChecker checker = new NetworkChecker();
    checker.check(vgg16, new Diagnostics()); // load classes outside the measurement

    long before = threads.getCurrentThreadAllocatedBytes();
    long parameters = checker.check(vgg16, new Diagnostics()).orElseThrow().totalParameters();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertEquals(138_357_544L, parameters);
    assertTrue(allocated < 1_000_000, "checking VGG-16 allocated " + allocated + " bytes");
  }
}
