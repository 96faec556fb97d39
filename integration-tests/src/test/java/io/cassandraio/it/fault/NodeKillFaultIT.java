package io.cassandraio.it.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.CassandraWriteException;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.it.fault.FaultWrite.Outcome;
import io.cassandraio.it.fault.FaultWrite.Running;
import io.cassandraio.it.fault.FaultWrite.Runner;
import io.cassandraio.it.support.Processes;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.LocalCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * A node SIGKILLed mid-write, and consistency ALL while it is down. In this order, so that one
 * kill and one restart serve four scenarios (each test also sets up its own precondition, so any
 * one runs alone):
 * <ol>
 *   <li>node 3 killed mid-write at QUORUM (DirectRunner): the job succeeds; node 3 stays down;
 *   <li>CL ALL with node 3 down, FAIL mode: the job fails within a bound, naming cause and table;
 *   <li>CL ALL with node 3 down, REPORT mode: bounded time; written + reported = input, each
 *       element reported once, every element not reported is stored, and one reported as surely
 *       not applied is not;
 *   <li>node 3 restarted while another QUORUM write goes on: that write loses nothing; node 3 (same
 *       data and token, new PID) gets the hints of what it missed, and a read at ALL finds every row
 *       of the first write;
 *   <li>node 3 killed mid-write at QUORUM on the Flink runner (local): the job succeeds, every row
 *       present once the node is back.
 * </ol>
 * These scenarios also check what ThreeNodeClusterIT checked with plain driver writes before they
 * replaced it: the launcher's kill (the PID is gone) and restart (a new PID, same data and token,
 * hints delivered to it), QUORUM writes and reads on three nodes.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class NodeKillFaultIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster();
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "fault_node_kill").withReplicationFactor(3)
      .withTable("kill_direct", FaultWrite.tableDefinition())
      .withTable("all_fail", FaultWrite.tableDefinition())
      .withTable("all_report", FaultWrite.tableDefinition())
      .withTable("restart_direct", FaultWrite.tableDefinition())
      .withTable("kill_flink", FaultWrite.tableDefinition());

  static final int VICTIM = 3;
  static final String HINTS_SUCCEEDED = "org.apache.cassandra.metrics:type=HintsService,name=HintsSucceeded";
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(60);
  /** How long CL ALL with a node down may take to fail or to report everything. */
  private static final Duration ALL_BOUND = Duration.ofSeconds(45);

  private static final FaultWrite KILL_DIRECT = FaultWrite.of("kill-direct", KEYSPACE, "kill_direct",
      DefaultConsistencyLevel.QUORUM).rows(3000, 800).holdAt(750);

  @Test
  public void a_nodeKilledMidWriteAtQuorumLosesNothing() throws Exception {
    CLUSTER.restore();
    killMidWrite(KILL_DIRECT);
  }

  @Test
  public void b_consistencyAllWithANodeDownFailsWithinABoundNamingCauseAndTable() throws Exception {
    ensureVictimDown();
    FaultWrite write = FaultWrite.of("all-fail", KEYSPACE, "all_fail", DefaultConsistencyLevel.ALL).rows(1000, 0);
    Outcome outcome = write.start().awaitEnd(JOB_TIMEOUT);
    System.out.println("NodeKillFaultIT CL ALL FAIL: " + outcome.millis() + " ms; " + outcome.messages());
    new FaultReport.Entry("cl_all_node_down_fail", write.runnerName())
        .put("input", write.rows()).put("time_to_fail_ms", outcome.millis())
        .put("statements_sent", outcome.statementsSent())
        .put("failed", outcome.error() != null)
        .put("message", outcome.error() == null ? null : firstLine(outcome.error())).record();

    assertNotNull("CL ALL with node " + VICTIM + " down must fail the job", outcome.error());
    String messages = outcome.messages();
    assertTrue(messages, messages.contains(CassandraWriteException.class.getName()));
    assertTrue("the message names the table: " + messages, messages.contains(KEYSPACE.table("all_fail")));
    assertTrue("the message names the cause: " + messages,
        messages.contains("UnavailableException") || messages.contains("WriteTimeoutException"));
    assertTrue("failed after " + outcome.millis() + " ms, bound " + ALL_BOUND.toMillis(),
        outcome.millis() < ALL_BOUND.toMillis());
    // FAIL mode stops a bundle at its first element failed for good: far fewer sends than attempts allow.
    assertTrue("statements sent: " + outcome.statementsSent(),
        outcome.statementsSent() <= write.rows() * RetrySchedule.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  public void c_consistencyAllWithANodeDownReportsEveryElementOnce() throws Exception {
    ensureVictimDown();
    FaultWrite write = FaultWrite.of("all-report", KEYSPACE, "all_report", DefaultConsistencyLevel.ALL)
        .rows(1000, 0).failureMode(FailureMode.REPORT);
    Outcome outcome = write.start().awaitEnd(JOB_TIMEOUT);
    assertNull("REPORT mode: the job succeeds: " + outcome.messages(), outcome.error());

    Set<Long> reported = new HashSet<>();
    long unknown = 0;
    for (FailedWrite<Long> f : outcome.reported()) {
      assertTrue("reported twice: " + f, reported.add(f.getElement()));
      unknown += f.isOutcomeUnknown() ? 1 : 0;
    }
    TreeSet<Long> stored = write.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.QUORUM, READ_BACK_TIMEOUT);
    new FaultReport.Entry("cl_all_node_down_report", write.runnerName())
        .put("input", write.rows()).put("job_ms", outcome.millis())
        .put("rows_written_metric", outcome.rowsWrittenMetric()).put("reported", reported.size())
        .put("reported_outcome_unknown", unknown).put("failed_elements_metric", outcome.failedMetric())
        .put("retried_metric", outcome.retriedMetric()).put("statements_sent", outcome.statementsSent())
        .put("rows_stored", stored.size())
        .put("first_error", outcome.reported().isEmpty() ? null : outcome.reported().get(0).getErrorClass()).record();

    assertEquals("written + reported == input", write.rows(), outcome.rowsWrittenMetric() + reported.size());
    assertEquals("metric failedElements == reported", reported.size(), outcome.failedMetric());
    assertTrue("one element costs at most " + RetrySchedule.DEFAULT_MAX_ATTEMPTS + " attempts on the wire: "
        + outcome.statementsSent() + " statements sent for " + write.rows(),
        outcome.statementsSent() <= write.rows() * RetrySchedule.DEFAULT_MAX_ATTEMPTS);
    for (long k = 0; k < write.rows(); k++) {
      if (!reported.contains(k)) {
        assertTrue("element " + k + " was neither reported nor stored", stored.contains(k));
      }
    }
    for (FailedWrite<Long> f : outcome.reported()) {
      if (!f.isOutcomeUnknown()) {
        assertFalse("reported as not applied, yet stored: " + f, stored.contains(f.getElement()));
      }
    }
    assertTrue("took " + outcome.millis() + " ms, bound " + ALL_BOUND.toMillis(), outcome.millis() < ALL_BOUND.toMillis());
  }

  /**
   * Node 3, down since the first write, is restarted while another QUORUM write goes on: the write
   * loses nothing; node 3 is the same node (same data and token, a new PID), gets the hints of the
   * first write, and a read at ALL finds every row of the first write.
   */
  @Test
  public void d_aNodeRestartedMidWriteLosesNothingAndGetsItsHints() throws Exception {
    LocalCluster cluster = FaultCluster.cluster();
    ensureVictimDown();
    long hintsBefore = hintsSucceeded(cluster);
    long oldPid = cluster.node(VICTIM).pid();
    FaultWrite write = FaultWrite.of("restart-direct", KEYSPACE, "restart_direct", DefaultConsistencyLevel.QUORUM)
        .rows(3000, 800).holdAt(500);
    Running running = write.start();
    running.awaitHeld(JOB_TIMEOUT);
    long sentAtRestart = running.statementsSent();
    long restartAtMs = running.millisSinceStart();
    long t0 = System.nanoTime();
    cluster.restart(VICTIM);
    long restartMs = (System.nanoTime() - t0) / 1_000_000;
    long sentWhenBack = running.statementsSent();
    long passedWhenBack = running.elementsPassed();
    running.release();
    long newPid = cluster.node(VICTIM).pid();
    assertTrue(Processes.isAlive(newPid));
    assertNotEquals("a restart is a new JVM", oldPid, newPid);
    Outcome outcome = running.awaitEnd(JOB_TIMEOUT);
    assertNull("the job must survive the restart: " + outcome.messages(), outcome.error());
    assertTrue("the write must go on after node " + VICTIM + " is back (" + passedWhenBack + " of " + write.rows()
        + " elements let through by then)", passedWhenBack < write.rows());
    assertTrue("the write went on while node " + VICTIM + " restarted", sentWhenBack > sentAtRestart);
    CLUSTER.awaitDriverSeesAllUp();
    TreeSet<Long> stored = write.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.QUORUM, READ_BACK_TIMEOUT);

    // The first write's QUORUM writes that node 3 missed come back as hints from nodes 1 and 2.
    t0 = System.nanoTime();
    long hints = await("nodes 1 and 2 deliver hints to the restarted node " + VICTIM + " (" + HINTS_SUCCEEDED + ")")
        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> hintsSucceeded(cluster) - hintsBefore, h -> h > 0);
    long hintsMs = (System.nanoTime() - t0) / 1_000_000;
    TreeSet<Long> firstWrite = KILL_DIRECT.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.ALL, READ_BACK_TIMEOUT);
    new FaultReport.Entry("node_kill_quorum_read_back", KILL_DIRECT.runnerName()).put("input", KILL_DIRECT.rows())
        .put("rows_present", firstWrite.size()).put("read_at", "ALL, after the restart").record();
    new FaultReport.Entry("node_restart_mid_write", write.runnerName()).put("input", write.rows())
        .put("restarted_at_ms", restartAtMs).put("statements_sent_at_restart", sentAtRestart)
        .put("restart_ms", restartMs).put("statements_sent_when_back", sentWhenBack).put("job_ms", outcome.millis())
        .put("statements_sent", outcome.statementsSent()).put("retried_metric", outcome.retriedMetric())
        .put("rows_written_metric", outcome.rowsWrittenMetric()).put("rows_present", stored.size())
        .put("hints_delivered", hints).put("hints_seen_after_ms", hintsMs)
        .put("first_write_rows_read_at_all", firstWrite.size()).record();
    assertEquals("rows of the write during the restart", write.goodKeys(), stored);
    assertEquals("rows of the write that lost node " + VICTIM + ", read at ALL", KILL_DIRECT.goodKeys(), firstWrite);
  }

  @Test
  public void e_nodeKilledMidWriteAtQuorumOnFlinkLosesNothing() throws Exception {
    CLUSTER.restore();
    killMidWrite(FaultWrite.of("kill-flink", KEYSPACE, "kill_flink", DefaultConsistencyLevel.QUORUM)
        .rows(3000, 800).holdAt(750).on(Runner.FLINK));
  }

  /** Kills the victim once the input is held (a quarter in); the job must succeed and lose nothing. */
  private static void killMidWrite(FaultWrite write) throws Exception {
    LocalCluster cluster = FaultCluster.cluster();
    Running running = write.start();
    running.awaitHeld(JOB_TIMEOUT);
    long sentAtKill = running.statementsSent();
    long killedAtMs = running.millisSinceStart();
    long pid = cluster.node(VICTIM).pid();
    cluster.kill(VICTIM);
    assertFalse("node " + VICTIM + " (PID " + pid + ") must be gone after kill", Processes.isAlive(pid));
    running.release();
    Outcome outcome = running.awaitEnd(JOB_TIMEOUT);
    assertNull(write.runnerName() + ": the job must survive the kill: " + outcome.messages(), outcome.error());
    assertTrue("the write went on after the kill: " + outcome.statementsSent() + " sent, " + sentAtKill + " at the kill",
        outcome.statementsSent() > sentAtKill);
    if (write == KILL_DIRECT) {
      // QUORUM range reads time out until gossip marks a killed node down (about 19 s): the scenarios
      // that need node 3 down come first, and d_ reads these rows at ALL once it is back.
      new FaultReport.Entry("node_kill_quorum", write.runnerName()).put("input", write.rows())
          .put("killed_at_ms", killedAtMs).put("statements_sent_at_kill", sentAtKill).put("job_ms", outcome.millis())
          .put("statements_sent", outcome.statementsSent()).put("retried_metric", outcome.retriedMetric())
          .put("rows_written_metric", outcome.rowsWrittenMetric())
          .put("rows_present", "see node_kill_quorum_read_back (read at ALL by d_)").record();
      assertEquals("metric rowsWritten", write.rows(), outcome.rowsWrittenMetric());
      return;
    }
    CLUSTER.restore(); // as above: read with node 3 back
    TreeSet<Long> stored = write.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.QUORUM, READ_BACK_TIMEOUT);
    new FaultReport.Entry("node_kill_quorum", write.runnerName()).put("input", write.rows())
        .put("killed_at_ms", killedAtMs).put("statements_sent_at_kill", sentAtKill).put("job_ms", outcome.millis())
        .put("statements_sent", outcome.statementsSent()).put("retried_metric", outcome.retriedMetric())
        .put("rows_written_metric", outcome.rowsWrittenMetric()).put("rows_present", stored.size()).record();
    TreeSet<Long> missing = new TreeSet<>(write.goodKeys());
    missing.removeAll(stored);
    assertEquals("rows missing after the kill (first ones: " + missing.stream().limit(20).toList() + ")", 0,
        missing.size());
    assertEquals(write.goodKeys(), stored);
  }

  private static void ensureVictimDown() {
    LocalCluster cluster = FaultCluster.cluster();
    if (cluster.node(VICTIM).isAlive()) {
      cluster.kill(VICTIM);
    }
  }

  /** Sum of hints delivered by the nodes other than the victim. */
  private static long hintsSucceeded(LocalCluster cluster) throws IOException {
    long sum = 0;
    for (int n = 1; n <= FaultCluster.NODES; n++) {
      if (n != VICTIM) {
        // Registered on the first hint delivery; 0 until then.
        sum += cluster.node(n).jmx().attributeIfRegistered(HINTS_SUCCEEDED, "Count")
            .map(c -> ((Number) c).longValue()).orElse(0L);
      }
    }
    return sum;
  }

  static String firstLine(Throwable t) {
    String s = t.toString();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
