package dev.cnnspec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void editDistance() {
    assertEquals(0, Suggestions.distance("conv_1", "conv_1"));
    assertEquals(1, Suggestions.distance("conv_1", "conv_2"));
    assertEquals(2, Suggestions.distance("imgae", "image"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    assertEquals(4, Suggestions.distance("", "abcd"));
  }

  @Test
  void closestWithinTwoEditsFirstWins() {
    List<String> names = List.of("image", "conv_1", "conv_2", "maxpool_1");
    assertEquals(Optional.of("image"), Suggestions.closest("imgae", names));
    assertEquals(Optional.of("conv_1"), Suggestions.closest("conv_3", names));
    assertEquals(Optional.of("conv_2"), Suggestions.closest("conv2", List.of("conv_1x", "conv_2")));
    assertEquals(Optional.empty(), Suggestions.closest("features", names));
    assertEquals(Optional.empty(), Suggestions.closest("x", List.of("y")), "one letter is no typo of another");
  }
}
