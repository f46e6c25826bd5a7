/**
 * Training generated networks on Apache Spark with DL4J's own distributed training
 * ({@code SparkComputationGraph} with parameter averaging). {@link dev.cnnspec.spark.SparkTrainer}
 * is the Java API; {@link dev.cnnspec.spark.SparkClusterTraining} plugs it into {@code cnn train
 * --spark} through the runtime's {@code ClusterTraining} service, so that the runtime never
 * depends on Spark. See the README, "Training on a cluster".
 */
package dev.cnnspec.spark;
