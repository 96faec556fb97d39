package io.cassandraio.it.flink.cluster;

import io.cassandraio.localflink.FlinkClusterRule;
import io.cassandraio.localflink.FlinkClusterSpec;
import java.nio.file.Path;

/**
 * The Flink session cluster of one IT class: the launcher's defaults (1 JobManager, 2
 * TaskManagers with 2 slots each) on this checkout's loopback address.
 */
final class TestFlinkCluster {
  /** Loopback address of the cluster's REST endpoint and processes; -Dflink.cluster.address moves it. */
  static final String HOST = System.getProperty("flink.cluster.address", "127.0.70.1");
  static final int TASK_MANAGERS = 2;
  static final int SLOTS = 2 * TASK_MANAGERS;

  private TestFlinkCluster() {}

  /** A rule starting the cluster before the class's first test, files under {@code target/flink-cluster/<name>}. */
  static FlinkClusterRule rule(String workDirName) {
    return new FlinkClusterRule(spec(workDirName));
  }

  static FlinkClusterSpec spec(String workDirName) {
    return FlinkClusterSpec.defaults()
        .withHost(HOST)
        .withTaskManagers(TASK_MANAGERS)
        .withWorkDir(Path.of("target", "flink-cluster", workDirName));
  }
}
