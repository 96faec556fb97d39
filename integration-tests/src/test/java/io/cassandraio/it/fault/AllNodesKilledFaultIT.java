package io.cassandraio.it.fault;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.CassandraWriteException;
import io.cassandraio.it.fault.FaultWrite.Outcome;
import io.cassandraio.it.fault.FaultWrite.Running;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.LocalCluster;
import java.time.Duration;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Every node SIGKILLed mid-write (FAIL mode, the default): the job fails, naming the table, within
 * {@link #FAIL_BOUND} of the last kill; it does not hang on a cluster that is gone. The nodes are
 * restarted (same data) before the class ends: its keyspace is dropped then.
 */
public class AllNodesKilledFaultIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster();
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "fault_all_killed").withReplicationFactor(3)
      .withTable("all_killed", FaultWrite.tableDefinition());

  /** How long after the last kill the job may take to fail. */
  static final Duration FAIL_BOUND = Duration.ofSeconds(60);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

  @Test
  public void everyNodeKilledMidWriteFailsTheJobWithinABound() throws Exception {
    LocalCluster cluster = FaultCluster.cluster();
    FaultWrite write = FaultWrite.of("all-killed-direct", KEYSPACE, "all_killed", DefaultConsistencyLevel.QUORUM)
        .rows(3000, 800).holdAt(750);
    Running running = write.start();
    Outcome outcome;
    long killedAtMs;
    long sentAtKill;
    long restoreMs;
    try {
      running.awaitHeld(JOB_TIMEOUT);
      sentAtKill = running.statementsSent();
      for (int n = FaultCluster.NODES; n >= 1; n--) {
        cluster.kill(n);
      }
      killedAtMs = running.millisSinceStart();
      running.release();
      outcome = running.awaitEnd(JOB_TIMEOUT);
    } finally {
      long t0 = System.nanoTime();
      CLUSTER.restore();
      restoreMs = (System.nanoTime() - t0) / 1_000_000;
    }
    long timeToFailMs = outcome.millis() - killedAtMs;
    System.out.println("AllNodesKilledFaultIT: failed " + timeToFailMs + " ms after the last kill: " + outcome.messages());
    new FaultReport.Entry("all_nodes_killed", write.runnerName()).put("input", write.rows())
        .put("statements_sent_at_kill", sentAtKill).put("all_killed_at_ms", killedAtMs)
        .put("time_to_fail_after_last_kill_ms", timeToFailMs).put("statements_sent", outcome.statementsSent())
        .put("restart_of_all_nodes_ms", restoreMs).put("failed", outcome.error() != null)
        .put("message", outcome.error() == null ? null : NodeKillFaultIT.firstLine(outcome.error())).record();

    assertNotNull("the job must fail when every node is gone", outcome.error());
    String messages = outcome.messages();
    assertTrue(messages, messages.contains(CassandraWriteException.class.getName()));
    assertTrue("the message names the table: " + messages, messages.contains(KEYSPACE.table("all_killed")));
    assertTrue("failed " + timeToFailMs + " ms after the last kill, bound " + FAIL_BOUND.toMillis(),
        timeToFailMs < FAIL_BOUND.toMillis());
  }
}
