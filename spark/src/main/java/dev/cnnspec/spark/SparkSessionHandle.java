package dev.cnnspec.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import dev.cnnspec.runtime.train.ClusterTraining.ClusterFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark context for one training run, with everything the probe of issue 17 found a local
 * run needs set in code rather than left to the user: the driver on 127.0.0.1 (a laptop's
 * hostname often resolves to an address executors cannot reach), no web UI, Spark's scratch files
 * in a temp directory deleted on close, Java 17's {@code --add-opens} and one ND4J thread per
 * executor core, and — for {@code local-cluster} — the class path and launcher settings that let
 * executor JVMs start without a Spark installation.
 */
final class SparkSessionHandle implements AutoCloseable {
  /** What Spark with Java serialisation needs opened on Java 17 (driver flags come from bin/cnn / surefire). */
  static final String ADD_OPENS = String.join(" ", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED");

  static final int STOP_SECONDS = 10;
  /** A stop still running from the last run: Spark allows one context per JVM. */
  private static volatile Thread stopping;

  private final JavaSparkContext context;
  private final Path scratch;
  /** local-cluster's workers put each executor's directory (logs, jars) under ./work/APP-ID; nothing sets it elsewhere. */
  private final Path workerDir;

  private SparkSessionHandle(JavaSparkContext context, Path scratch, Path workerDir) {
    this.context = context;
    this.scratch = scratch;
    this.workerDir = workerDir;
  }

  JavaSparkContext context() {
    return context;
  }

  static SparkSessionHandle open(SparkSettings settings) throws IOException {
    SparkLogging.quiet();
    awaitEarlierStop();
    Path scratch = Files.createTempDirectory("cnn-spark-");
    SparkConf conf = configuration(settings, scratch);
    JavaSparkContext context;
    try {
      context = start(conf, settings);
    } catch (RuntimeException e) {
      delete(scratch);
      throw e instanceof ClusterFailure ? e : new ClusterFailure("could not start Spark on " + settings.master() + ": "
          + SparkFailures.describe(e), e);
    }
    Path workerDir = settings.localCluster() ? Path.of(System.getenv().getOrDefault("SPARK_HOME", "."), "work",
        context.sc().applicationId()) : null;
    SparkSessionHandle handle = new SparkSessionHandle(context, scratch, workerDir);
    try {
      ExecutorWait.until(context, settings);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
    return handle;
  }

  /**
   * Creates the context within the registration timeout. Against a standalone master the
   * constructor itself waits for the master's answer, and gives up only after 3 × 20 s; past our
   * timeout the start is abandoned (its thread stops the context when it finally returns).
   */
  private static JavaSparkContext start(SparkConf conf, SparkSettings settings) {
    AtomicBoolean abandoned = new AtomicBoolean();
    FutureTask<JavaSparkContext> task = new FutureTask<>(() -> {
      JavaSparkContext c = new JavaSparkContext(conf);
      if (abandoned.get()) {
        c.stop();
      }
      return c;
    });
    Thread starter = new Thread(task, "cnn-spark-start");
    starter.setDaemon(true);
    starter.start();
    try {
      return task.get(settings.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandoned.set(true);
      stopping = starter;
      throw new ClusterFailure(String.format("the Spark master %s did not answer within %d s: is it running, and "
          + "reachable from this machine?", settings.master(), settings.registrationTimeout().toSeconds()), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new ClusterFailure(SparkFailures.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterFailure("interrupted while starting Spark", e);
    }
  }

  static SparkConf configuration(SparkSettings settings, Path scratch) {
    SparkConf conf = new SparkConf().setMaster(settings.master()).setAppName("cnn-spec train")
        .set("spark.ui.enabled", "false")
        .set("spark.executor.extraJavaOptions", ADD_OPENS + " -Djava.awt.headless=true")
        .set("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(settings.localClusterCores()))
        // Large INDArrays as task results and broadcast parameters: Spark's 1 GiB default is fine, 128 MB messages are not.
        .set("spark.rpc.message.maxSize", "512")
        .set("spark.driver.maxResultSize", "2g");
    if (settings.inProcess()) {
      // Standalone workers choose their own scratch directories (and delete them); local threads use ours.
      conf.set("spark.local.dir", scratch.toString());
    }
    if (settings.inProcess() || settings.localCluster()) {
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    if (settings.localCluster()) {
      String cp = settings.executorClassPath() != null ? settings.executorClassPath()
          : System.getProperty("java.class.path");
      conf.set("spark.executor.extraClassPath", cp)
          .set("spark.executor.memory", settings.localClusterMegabytes() + "m")
          // Spark's launcher looks for a Spark build's jars/ unless it is told this is a test build:
          // the executors get all their classes from the class path above instead.
          .set("spark.executorEnv.SPARK_TESTING", "1")
          .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
          // A killed executor is a lost task: retry it on the others, but not forever.
          .set("spark.task.maxFailures", "4");
    }
    return conf;
  }

  /**
   * Stops Spark, but waits at most {@value #STOP_SECONDS} s: a context whose master never answered
   * keeps retrying the registration (3 × 20 s) inside {@code stop()}, which must not hold up the
   * error message. The rest of the stop goes on in a daemon thread.
   */
  @Override
  public void close() {
    Thread stopper = new Thread(context::stop, "cnn-spark-stop");
    stopper.setDaemon(true);
    stopper.start();
    stopping = stopper;
    try {
      stopper.join(STOP_SECONDS * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      delete(scratch);
      if (workerDir != null && !stopper.isAlive()) {
        delete(workerDir);
        workerDir.getParent().toFile().delete(); // only if no other run's directory is left in it
      }
    }
  }

  private static void awaitEarlierStop() {
    Thread t = stopping;
    if (t != null) {
      try {
        t.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // a temp directory left behind is not worth failing a finished run for
    }
  }
}
