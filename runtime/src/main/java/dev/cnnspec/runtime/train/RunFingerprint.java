package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * Everything that decides a run's numbers, recorded in each checkpoint so that {@code --resume} can
 * tell whether it is continuing the same run: the network ({@link NetworkFingerprint}) and the
 * options, named as the command line names them — optimizer, rate, momentum, schedule, seed,
 * batch, the data (examples, classes and the caller's {@link TrainingOptions#runNotes()}), the
 * run's length and patience, the ND4J thread count and the execution path (both change the
 * floating-point results). {@link ResumeCheck} decides what may differ. A checkpoint's {@code run}
 * object: {@code {"options": {name: text}, "network": {vertex: {field: text}}}}.
 */
@JsonPropertyOrder({"options", "network"})
public record RunFingerprint(@JsonProperty(value = "network", required = true) NetworkFingerprint network,
    @JsonProperty(value = "options", required = true) SortedMap<String, String> options) {
  static final String EPOCHS = "epochs";
  static final String PATIENCE = "patience";
  static final String THREADS = "threads";
  static final String SCHEDULE = "schedule";
  static final String EXEC = "exec";

  public RunFingerprint {
    options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
  }

  /**
   * @param threads ND4J's thread count in this JVM
   * @param exec the execution path ({@code onednn}, {@code plain}, {@code cuda})
   */
  public static RunFingerprint of(ComputationGraphConfiguration conf, TrainingOptions o, TrainingData train,
      int threads, String exec) {
    SortedMap<String, String> m = new TreeMap<>(o.runNotes());
    m.put("optimizer", o.optimizer().cliName());
    m.put("lr", Double.toString(o.learningRate()));
    m.put("momentum", Double.toString(o.momentum()));
    m.put(SCHEDULE, o.schedule().cliName());
    m.put("seed", Long.toString(o.seed()));
    m.put("batch", Integer.toString(train.batchSize()));
    m.put("examples", Integer.toString(train.size()));
    m.put("classes", Integer.toString(train.numClasses()));
    m.put("main-output", Integer.toString(o.mainOutput()));
    m.put(EPOCHS, Integer.toString(o.epochs()));
    m.put(PATIENCE, Integer.toString(o.patience()));
    m.put(THREADS, Integer.toString(threads));
    m.put(EXEC, exec);
    return new RunFingerprint(NetworkFingerprint.of(conf), m);
  }

  public int threads() {
    return Integer.parseInt(options.get(THREADS));
  }
}
