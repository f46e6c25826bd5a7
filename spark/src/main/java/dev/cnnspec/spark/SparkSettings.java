package dev.cnnspec.spark;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how a Spark run trains, immutable.
 *
 * @param master {@code local[N]}, {@code local-cluster[N,CORES,MB]} or {@code spark://HOST:PORT}
 * @param workers data partitions trained in parallel (DL4J's {@code numWorkers})
 * @param averagingFrequency mini-batches each worker fits between two parameter averagings
 * @param registrationTimeout how long to wait for executors before giving up: an unreachable master
 *     would otherwise make Spark wait for resources forever
 * @param executorClassPath what executors launched on this machine ({@code local-cluster}) load;
 *     {@code null} for this JVM's class path. On a real cluster the jars come with
 *     {@code spark-submit} instead.
 */
public record SparkSettings(String master, int workers, int averagingFrequency, Duration registrationTimeout,
    String executorClassPath) {
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?");

  /** 60 s, or {@code -Dcnn.spark.registrationSeconds=N} (read when settings are made). */
  public static Duration defaultRegistrationTimeout() {
    return Duration.ofSeconds(Math.max(1, Long.getLong("cnn.spark.registrationSeconds", 60)));
  }

  public SparkSettings {
    Objects.requireNonNull(master, "master");
    master = master.trim();
    if (!(LOCAL.matcher(master).matches() || LOCAL_CLUSTER.matcher(master).matches()
        || master.toLowerCase(Locale.ROOT).matches("(spark|yarn|k8s|mesos)(://.*)?"))) {
      throw new IllegalArgumentException("'" + master + "' is not a Spark master; use local[N], "
          + "local-cluster[N,1,MB] (N executor JVMs on this machine) or spark://HOST:PORT");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (averagingFrequency < 1) {
      throw new IllegalArgumentException("the averaging frequency must be at least 1 batch, got " + averagingFrequency);
    }
    Objects.requireNonNull(registrationTimeout, "registrationTimeout");
  }

  /** {@code workers} of {@code local[N]} or {@code local-cluster[N,…]}, averaging every 5 batches. */
  public static SparkSettings of(String master) {
    Matcher cluster = LOCAL_CLUSTER.matcher(master.trim());
    Matcher local = LOCAL.matcher(master.trim());
    int workers = cluster.matches() ? Integer.parseInt(cluster.group(1))
        : local.matches() && local.group(2) != null && !local.group(2).equals("*") ? Integer.parseInt(local.group(2)) : 2;
    return new SparkSettings(master, Math.max(1, workers), 5, defaultRegistrationTimeout(), null);
  }

  public SparkSettings withWorkers(int n) {
    return new SparkSettings(master, n, averagingFrequency, registrationTimeout, executorClassPath);
  }

  public SparkSettings withAveragingFrequency(int k) {
    return new SparkSettings(master, workers, k, registrationTimeout, executorClassPath);
  }

  public SparkSettings withRegistrationTimeout(Duration d) {
    return new SparkSettings(master, workers, averagingFrequency, d, executorClassPath);
  }

  public SparkSettings withExecutorClassPath(String cp) {
    return new SparkSettings(master, workers, averagingFrequency, registrationTimeout, cp);
  }

  /** In-process threads: no executor JVMs to wait for or to launch. */
  boolean inProcess() {
    return LOCAL.matcher(master).matches();
  }

  /** Executors on this machine, launched by Spark's in-process standalone cluster. */
  boolean localCluster() {
    return LOCAL_CLUSTER.matcher(master).matches();
  }

  /** Executor JVMs to wait for before training: all of local-cluster's, at least one elsewhere. */
  int expectedExecutors() {
    Matcher m = LOCAL_CLUSTER.matcher(master);
    return m.matches() ? Integer.parseInt(m.group(1)) : 1;
  }

  /** The MB of each local-cluster executor, which Spark's default (1 GiB) must not exceed. */
  int localClusterMegabytes() {
    Matcher m = LOCAL_CLUSTER.matcher(master);
    return m.matches() ? Integer.parseInt(m.group(3)) : 0;
  }

  /** Cores of each local-cluster executor (its ND4J threads). */
  int localClusterCores() {
    Matcher m = LOCAL_CLUSTER.matcher(master);
    return m.matches() ? Integer.parseInt(m.group(2)) : 1;
  }
}
