package io.cassandraio.it.fault;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.it.fault.FaultWrite.Outcome;
import io.cassandraio.it.fault.FaultWrite.Running;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.LocalCluster;
import java.time.Duration;
import java.util.TreeSet;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A node frozen with SIGSTOP for {@value #PAUSE_SECONDS} s mid-write at QUORUM, then thawed: it
 * keeps its connections open and answers nothing. Requests it is only a replica for complete at
 * QUORUM with the other two; requests it coordinates wait for it (the writer's request timeout,
 * 30 s by default, outlasts the pause) or, past the timeout, are retried on another coordinator.
 * Nothing is lost, the write goes on during the pause, and every statement sent beyond one per row
 * is counted in the {@code statementsRetried} metric.
 */
public class NodePauseFaultIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster();
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "fault_node_pause").withReplicationFactor(3)
      .withTable("paused", FaultWrite.tableDefinition());

  static final int PAUSED = 2;
  static final int PAUSE_SECONDS = 10;
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

  @Test
  public void aNodePausedMidWriteLosesNothingAndItsRetriesAreCounted() throws Exception {
    LocalCluster cluster = FaultCluster.cluster();
    FaultWrite write = FaultWrite.of("pause-direct", KEYSPACE, "paused", DefaultConsistencyLevel.QUORUM)
        .rows(3000, 800).holdAt(500);
    Running running = write.start();
    running.awaitHeld(JOB_TIMEOUT);
    long sentAtPause = running.statementsSent();
    long pausedAtMs = running.millisSinceStart();
    cluster.pause(PAUSED);
    long sentWhilePaused;
    try {
      Thread.sleep(PAUSE_SECONDS * 1000L);
      sentWhilePaused = running.statementsSent() - sentAtPause;
    } finally {
      cluster.resume(PAUSED);
    }
    long sentAtResume = running.statementsSent();
    long passedAtResume = running.elementsPassed();
    running.release();
    Outcome outcome = running.awaitEnd(JOB_TIMEOUT);
    assertNull("the job must survive the pause: " + outcome.messages(), outcome.error());
    assertTrue("the write must go on after the resume (" + passedAtResume + " elements let through by then)",
        passedAtResume < write.rows());
    CLUSTER.restore(); // every node sees node 2 UP again before the read and the next class
    TreeSet<Long> stored = write.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.QUORUM, Duration.ofSeconds(60));
    new FaultReport.Entry("node_pause_" + PAUSE_SECONDS + "s", write.runnerName()).put("input", write.rows())
        .put("paused_at_ms", pausedAtMs).put("statements_sent_at_pause", sentAtPause)
        .put("statements_sent_while_paused", sentWhilePaused).put("job_ms", outcome.millis())
        .put("statements_sent", outcome.statementsSent()).put("retried_metric", outcome.retriedMetric())
        .put("rows_written_metric", outcome.rowsWrittenMetric()).put("rows_present", stored.size()).record();

    assertEquals("rows after the pause", write.goodKeys(), stored);
    assertTrue("the write went on while node " + PAUSED + " was paused (" + sentWhilePaused + " statements sent)",
        sentWhilePaused > 0);
    assertEquals("metric rowsWritten", write.rows(), outcome.rowsWrittenMetric());
    // Every statement sent beyond one per row is a retry, and must be counted as one.
    assertEquals("metric statementsRetried: every send beyond one per row", outcome.statementsSent() - write.rows(),
        outcome.retriedMetric());
  }
}
