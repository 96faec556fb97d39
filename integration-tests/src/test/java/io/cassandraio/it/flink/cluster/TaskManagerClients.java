package io.cassandraio.it.flink.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import io.cassandraio.localflink.LocalFlinkCluster;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What a TaskManager holds of Cassandra: the driver's and CassandraIO's threads ({@code jcmd
 * Thread.print}) and its CQL connections ({@code /proc}). A job's writers hold a session (threads
 * and connections) while it runs; once it is cancelled, both must go. Sessions close
 * asynchronously (the driver's Netty event loops wait out a quiet period, 200 ms here), hence the waits.
 */
final class TaskManagerClients {
  /** Session close plus the runner's teardown on a busy machine. */
  static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);

  private final LocalFlinkCluster flink;
  private final List<InetSocketAddress> cassandraNodes;

  TaskManagerClients(LocalFlinkCluster flink, List<InetSocketAddress> cassandraNodes) {
    this.flink = flink;
    this.cassandraNodes = cassandraNodes;
  }

  List<String> threads(int taskManager) {
    return JvmThreads.cassandraClientThreads(flink.taskManagerPid(taskManager));
  }

  List<String> connections(int taskManager) {
    return CqlConnections.from(flink.taskManagerPid(taskManager), cassandraNodes);
  }

  /** While a job writes: every TaskManager has a session, else the check after the cancel proves nothing. */
  void assertEachHasASession(int taskManagers) {
    for (int tm = 1; tm <= taskManagers; tm++) {
      List<String> threads = threads(tm);
      List<String> connections = connections(tm);
      assertTrue("TaskManager " + tm + " (PID " + flink.taskManagerPid(tm) + ") writes but shows no driver thread",
          !threads.isEmpty());
      assertTrue("TaskManager " + tm + " (PID " + flink.taskManagerPid(tm) + ") writes but has no CQL connection to "
          + cassandraNodes + "; its driver threads: " + threads, !connections.isEmpty());
    }
  }

  /** Waits until no TaskManager has a driver thread or a CQL connection; fails naming what is left where. */
  void awaitNoneLeft(int taskManagers, String after) {
    for (int tm = 1; tm <= taskManagers; tm++) {
      int n = tm;
      long pid = flink.taskManagerPid(n);
      await("no Cassandra driver thread or CQL connection in TaskManager " + n + " (PID " + pid + ") " + after)
          .atMost(RELEASE_TIMEOUT).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> {
            List<String> threads = threads(n);
            List<String> connections = connections(n);
            assertTrue("TaskManager " + n + " (PID " + pid + ") " + after + " still has driver threads " + threads
                + " and CQL connections to " + connections, threads.isEmpty() && connections.isEmpty());
          });
    }
  }
}
