package dev.cnnspec.runtime.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a checkpoint may be resumed with the network and options given now. A resumed
 * run must end on the weights an uninterrupted run would have reached, so anything that changes
 * the numbers is refused, with every difference named: the network, the optimiser and its
 * settings, the seed, the data, the thread count and the execution path. Two options only end
 * or judge the run and are applied, and said so: {@code --epochs} (unless the learning-rate
 * schedule is laid out over the run's length) and {@code --patience}.
 */
final class ResumeCheck {
  /** Keys that are command-line flags, so a message can say {@code --lr 0.5} rather than {@code lr}. */
  private static final Set<String> FLAGS = Set.of("optimizer", "lr", "momentum", "schedule", "seed", "batch",
      "epochs", "patience", "threads", "dataset", "augment", "flip", "limit", "val-split", "set");

  private ResumeCheck() {}

  /**
   * @return what is applied although it differs (to be printed); empty when nothing differs
   * @throws IllegalArgumentException naming every refused difference and how to resume
   */
  static List<String> check(RunFingerprint now, RunFingerprint recorded, Path checkpoint, int epochsCompleted) {
    List<String> network = now.network().differencesFrom(recorded.network());
    if (!network.isEmpty()) {
      throw new IllegalArgumentException("the checkpoint " + checkpoint + " is of another network: "
          + String.join("; ", network) + ". Resume with the network it was trained with, or use another output "
          + "directory");
    }
    String threadsNow = now.options().get(RunFingerprint.THREADS);
    String threadsThen = recorded.options().get(RunFingerprint.THREADS);
    if (threadsThen != null && !threadsThen.equals(threadsNow)) {
      throw new IllegalArgumentException("the run in " + checkpoint.getParent() + " was trained with " + threadsThen
          + " ND4J thread" + ("1".equals(threadsThen) ? "" : "s") + " and this JVM has " + threadsNow
          + "; the weights depend on the thread count, so resuming would not reproduce an uninterrupted run. Start"
          + " the JVM with OMP_NUM_THREADS=" + threadsThen + " (cnn train --resume does this itself)");
    }
    List<String> refused = new ArrayList<>();
    List<String> applied = new ArrayList<>();
    Set<String> keys = new TreeSet<>(now.options().keySet());
    keys.addAll(recorded.options().keySet());
    for (String k : keys) {
      String a = now.options().get(k);
      String b = recorded.options().get(k);
      if (a == null ? b == null : a.equals(b)) {
        continue;
      }
      if (k.equals(RunFingerprint.EPOCHS) && isConstant(recorded)) {
        applied.add(epochsNote(Integer.parseInt(b), Integer.parseInt(a), epochsCompleted));
      } else if (k.equals(RunFingerprint.PATIENCE)) {
        applied.add("early-stopping patience " + a + " (the run had " + b + ")");
      } else if (k.equals(RunFingerprint.EPOCHS)) {
        refused.add(describe(k, a, b) + ", and its " + recorded.options().get(RunFingerprint.SCHEDULE)
            + " schedule is laid out over the run's length");
      } else {
        refused.add(describe(k, a, b));
      }
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("cannot resume " + checkpoint + " with other settings: "
          + String.join("; ", refused) + ". Resume with the run's settings, or start a new run in another output "
          + "directory");
    }
    return applied;
  }

  private static boolean isConstant(RunFingerprint f) {
    return Schedule.CONSTANT.cliName().equals(f.options().get(RunFingerprint.SCHEDULE));
  }

  private static String epochsNote(int before, int after, int completed) {
    if (after <= completed) {
      return "--epochs " + after + ": the run has already trained " + completed + " epoch"
          + (completed == 1 ? "" : "s") + ", so there is nothing left to train";
    }
    return (after > before ? "extending" : "shortening") + " the run from " + before + " to " + after + " epochs";
  }

  private static String describe(String key, String now, String then) {
    if (FLAGS.contains(key)) {
      return flag(key, now) + " given, the run used " + flag(key, then);
    }
    return key + " " + (now == null ? "(none)" : now) + " here, " + (then == null ? "(none)" : then) + " in the run";
  }

  private static String flag(String key, String value) {
    if (value == null) {
      return "no --" + key;
    }
    if (value.equals("true")) {
      return "--" + key;
    }
    if (value.equals("false")) {
      return "no --" + key;
    }
    return "--" + key + " " + value;
  }
}
