package io.cassandraio.it.flink.cluster;

import io.cassandraio.localflink.FlinkClusterSpec;
import java.nio.file.Path;

/**
 * The Flink session cluster of the cluster ITs ({@link SharedFlinkCluster}): the launcher's defaults
 * (1 JobManager, 2 TaskManagers with 2 slots each) on this checkout's loopback address.
 */
final class TestFlinkCluster {
  /** Loopback address of the cluster's REST endpoint and processes; -Dflink.cluster.address moves it. */
  static final String HOST = System.getProperty("flink.cluster.address", "127.0.70.1");
  static final int TASK_MANAGERS = 2;
  static final int SLOTS = 2 * TASK_MANAGERS;

  private TestFlinkCluster() {}

  static FlinkClusterSpec spec(String workDirName) {
    return FlinkClusterSpec.defaults()
        .withHost(HOST)
        .withTaskManagers(TASK_MANAGERS)
        .withWorkDir(Path.of("target", "flink-cluster", workDirName));
  }
}
