package dev.cnnspec.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every minimal counterexample the differential property found, kept as a spec in
 * {@code src/test/resources/dev/cnnspec/differential/regressions} and run through the same
 * {@link Oracle}. The first line of each says what it found; a {@code // known: CONSTRUCT} line
 * ties it to an entry of {@link KnownIssues}, and the spec waits (is listed, not run) while that
 * entry is there: deleting the entry after its fix is merged turns these into the fix's tests.
 */
class RegressionSpecsTest {
  private static final Pattern NETWORK = Pattern.compile("(?m)^network (\\w+)");
  private static final Pattern KNOWN = Pattern.compile("(?m)^// known: (\\w+)");

  @Test
  void everyCounterexampleFoundSoFarNowHolds() throws IOException, URISyntaxException {
    List<GeneratedSpec> cases = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (Path file : files()) {
      String text = Files.readString(file);
      String base = file.getFileName().toString().replaceFirst("\\.cnn$", "");
      assertTrue(text.startsWith("// "), file + " must start with a comment saying what it found");
      Optional<Construct> known = known(text);
      if (known.isPresent() && KnownIssues.avoids(known.get())) {
        waiting.add(base + " (" + known.get() + ")");
        continue;
      }
      Matcher network = NETWORK.matcher(text);
      assertTrue(network.find(), file + " has no network");
      cases.add(new GeneratedSpec(network.group(1), "diff/" + base + "/n.cnn", text, Set.of(), false, List.of()));
    }
    System.out.println("regression specs waiting for a known issue's fix: " + waiting);
    assertFalse(cases.isEmpty() && waiting.isEmpty(), "no regression specs found");
    List<Verdict> verdicts = Oracle.judge(cases);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      if (verdicts.get(i).failed()) {
        failures.add(cases.get(i).path() + ": " + verdicts.get(i));
      }
    }
    assertEquals(List.of(), failures);
  }

  private static Optional<Construct> known(String text) {
    Matcher m = KNOWN.matcher(text);
    return m.find() ? Optional.of(Construct.valueOf(m.group(1))) : Optional.empty();
  }

  private static List<Path> files() throws IOException, URISyntaxException {
    Path dir = Path.of(RegressionSpecsTest.class.getResource("regressions").toURI());
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.toString().endsWith(".cnn")).sorted().toList();
    }
  }
}
