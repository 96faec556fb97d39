package io.cassandraio.it.flink.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.localflink.FlinkClusterRule;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.time.Duration;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Cancelling a streaming job while it writes, on a standalone Flink cluster: the job reaches
 * CANCELED within {@link #CANCEL_BOUND}, and afterwards neither TaskManager holds a CassandraIO
 * session: no driver thread ({@code jcmd Thread.print}) and no connection to Cassandra
 * ({@code /proc}).
 */
public class CancelOnClusterIT {
  /**
   * Cancelling interrupts the tasks; a writer blocked on a full in-flight window or a slow
   * request must not hold the task beyond this (Flink's own task cancellation watchdog kills the
   * TaskManager after 180 s, which is what this bound rules out). Measured: 1-3 s.
   */
  private static final Duration CANCEL_BOUND = Duration.ofSeconds(30);
  private static final Duration FIRST_WRITES_TIMEOUT = Duration.ofSeconds(120);
  private static final long EVENTS_BEFORE_CANCEL = 500;

  @ClassRule(order = 0)
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("cluster_cancel")
      .withSetup(StreamingCounterOnCluster::createTables);
  @ClassRule(order = 1)
  public static final FlinkClusterRule FLINK = TestFlinkCluster.rule("cancel");

  @Test
  public void aCancelledJobEndsInBoundedTimeAndLeavesNoSessionBehind() {
    LocalFlinkCluster flink = FLINK.cluster();
    TaskManagerClients clients = new TaskManagerClients(flink, SharedCassandra.contactPoints());
    String job = flink.submit(JobJar.path(), StreamingCounterOnCluster.MAIN,
        StreamingCounterOnCluster.args(SharedCassandra.NODE, KEYSPACE.name(), StreamingCounterOnCluster.UNTIL_CANCELLED, 200, 50, DefaultConsistencyLevel.ONE),
        TestFlinkCluster.SLOTS, null);
    await("job " + job + " writes " + EVENTS_BEFORE_CANCEL + " events").atMost(FIRST_WRITES_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), KEYSPACE.name()) >= EVENTS_BEFORE_CANCEL);
    clients.assertEachHasASession(TestFlinkCluster.TASK_MANAGERS);

    long started = System.nanoTime();
    flink.cancel(job);
    long cancelMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("CancelOnClusterIT: job %s CANCELED %d ms after the cancel request%n", job, cancelMillis);
    assertEquals("CANCELED", flink.jobState(job));
    assertTrue("the job took " + cancelMillis + " ms to reach CANCELED, more than " + CANCEL_BOUND.toMillis() + " ms",
        cancelMillis <= CANCEL_BOUND.toMillis());

    long releaseStarted = System.nanoTime();
    clients.awaitNoneLeft(TestFlinkCluster.TASK_MANAGERS, "after job " + job + " was cancelled");
    System.out.printf("CancelOnClusterIT: no driver thread or CQL connection left in the TaskManagers %d ms after "
        + "CANCELED%n", (System.nanoTime() - releaseStarted) / 1_000_000);
  }
}
