package dev.cnnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnspec.runtime.train.ClusterTraining;
import org.junit.jupiter.api.Test;

/**
 * {@code cnn train --spark} without the cnn-spec-spark module on the class path (the runtime's own
 * tests never have it): a message naming the module, before any data is loaded.
 */
class CliSparkOptionTest {

  @Test
  void sparkWithoutTheModuleSaysWhichModuleIsMissing() {
    assertTrue(ClusterTraining.find().isEmpty(), "the runtime must not see the spark module");
    Cli r = Cli.run("train", FakeZooNet.class.getName(), "--epochs", "1", "--spark", "local[2]");
    assertEquals(2, r.status(), r.toString());
    assertTrue(r.err().contains("--spark: training on Spark needs the cnn-spec-spark module"), r.toString());
    assertFalse(r.err().contains("loading"), "no data loaded before the check:\n" + r);
    assertFalse(r.err().contains("Exception"), r.toString());
  }

  @Test
  void sparkOptionsWithoutAMasterAreRefused() {
    Cli r = Cli.run("train", FakeZooNet.class.getName(), "--workers", "2");
    assertTrue(r.status() != 0, r.toString());
    assertTrue(r.err().contains("--spark"), r.toString());
  }
}
