package io.cassandraio.it.flink.cluster;

import static org.awaitility.Awaitility.await;

import io.cassandraio.localflink.LocalFlinkCluster;
import java.time.Duration;
import org.junit.rules.ExternalResource;

/**
 * One Flink session cluster for every cluster IT of this JVM: starting one takes 25 to 60 s here,
 * so the first class that needs it starts it, and it stops when the JVM exits (its processes also
 * halt on their own once this JVM is gone: the launcher's watchdog). A class gets it healthy, as
 * if fresh: every TaskManager running and registered (a test may have killed one), no job running.
 */
final class SharedFlinkCluster extends ExternalResource {
  private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(120);
  private static LocalFlinkCluster cluster;

  @Override
  protected void before() {
    LocalFlinkCluster flink = shared();
    for (int n = 1; n <= TestFlinkCluster.TASK_MANAGERS; n++) {
      if (!flink.isTaskManagerAlive(n)) {
        flink.restartTaskManager(n);
      }
    }
    cancelRunningJobs(flink);
    await("all " + TestFlinkCluster.TASK_MANAGERS + " TaskManagers registered with " + flink.restUrl())
        .atMost(REGISTRATION_TIMEOUT).pollInterval(Duration.ofMillis(500))
        .until(() -> flink.registeredTaskManagerCount() == TestFlinkCluster.TASK_MANAGERS);
  }

  @Override
  protected void after() {
    if (cluster != null) {
      cancelRunningJobs(cluster); // a failed test must not leave its job writing into the next class
    }
  }

  /** The cluster (as {@code FlinkClusterRule.cluster()} gives it). */
  LocalFlinkCluster cluster() {
    return shared();
  }

  /** The cluster, started on first use. */
  private static synchronized LocalFlinkCluster shared() {
    if (cluster == null) {
      long t0 = System.nanoTime();
      cluster = LocalFlinkCluster.start(TestFlinkCluster.spec("shared"));
      System.out.printf("SharedFlinkCluster: up in %.1f s at %s%n", (System.nanoTime() - t0) / 1e9, cluster.restUrl());
      Runtime.getRuntime().addShutdownHook(new Thread(SharedFlinkCluster::stop, "shared-flink-cluster-stop"));
    }
    return cluster;
  }

  private static synchronized void stop() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  private static void cancelRunningJobs(LocalFlinkCluster flink) {
    for (String job : flink.runningJobs()) {
      flink.cancel(job);
    }
  }
}
