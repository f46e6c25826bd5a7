package dev.cnnspec.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one "did you mean" rule every stage uses (there were two, with different distances). */
class SuggestionsTest {

  @Test
  void editDistanceCountsASwapOnce() {
    assertEquals(0, Suggestions.distance("conv_1", "conv_1"));
    assertEquals(1, Suggestions.distance("conv_1", "conv_2"));
    assertEquals(1, Suggestions.distance("imgae", "image"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    assertEquals(4, Suggestions.distance("", "abcd"));
  }

  @Test
  void closestWithinAThirdOfTheLengthAlphabeticalTieBreak() {
    List<String> names = List.of("image", "conv_2", "conv_1", "maxpool_1");
    assertEquals(Optional.of("image"), Suggestions.closest("imgae", names));
    assertEquals(Optional.of("conv_1"), Suggestions.closest("conv_3", names), "a tie goes to the first in order");
    assertEquals(Optional.of("conv_2"), Suggestions.closest("conv2", List.of("conv_1x", "conv_2")));
    assertEquals(Optional.of("kernel"), Suggestions.closest("Kernal", List.of("kernel", "filters")), "case is ignored");
    assertEquals(Optional.empty(), Suggestions.closest("features", names));
    assertEquals(Optional.empty(), Suggestions.closest("x", List.of("y")), "one letter is no typo of another");
  }

  @Test
  void theTensorCheckerAndTheLanguageAgree() {
    // the checker used Levenshtein with at most two edits, the language Damerau with a third of the
    // length: "dens" (4 letters, 1 edit allowed) now gets the same answer from both
    assertEquals("did you mean `dense`?", Suggestions.didYouMean("dens", List.of("dense", "relu")));
    assertEquals("", Suggestions.didYouMean("dnse1", List.of("dense")));
  }
}
