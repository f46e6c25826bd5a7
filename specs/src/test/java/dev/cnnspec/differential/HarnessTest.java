package dev.cnnspec.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The property's own machinery, without DL4J: the generator never throws, and signatures group one bug. */
class HarnessTest {
  /**
   * The 10,000-case run of seed 1 died after 3,000 cases with "Cannot invoke Object.equals because
   * sa is null": an if/else whose taken branch the generator believed invalid stored no shape, and
   * a merge reading it threw. Generating (not judging) the run's first 20,000 specs takes a second.
   */
  @Example // jqwik's generators run on its threads only
  void theGeneratorMakesASpecOfEveryChoiceList() {
    RandomGenerator<List<Integer>> generator = DifferentialRun.choices().generator(1_000);
    Random random = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      List<Integer> choices = generator.next(random).value();
      try {
        SpecGenerator.generate(i, choices);
      } catch (RuntimeException e) {
        throw new AssertionError("case " + i + " (" + choices + ") threw " + e, e);
      }
    }
  }

  @Test
  void anOpsFreshNameDoesNotSplitABug() {
    Verdict a = Verdict.failed("forward", "RuntimeException: Op with name b69bdf6e-30b9-499f-abc2-38cc471b19c0"
        + " and op type [depthwise_conv2d] execution failed");
    Verdict b = Verdict.failed("forward", "RuntimeException: Op with name 051d2365-7c6f-450d-9198-ee8a513b5c20"
        + " and op type [depthwise_conv2d] execution failed");
    assertEquals(a.signature(), b.signature());
    assertNotEquals(a.signature(), Verdict.failed("train", a.detail()).signature());
  }
}
