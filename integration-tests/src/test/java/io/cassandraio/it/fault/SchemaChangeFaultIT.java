package io.cassandraio.it.fault;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.CassandraWriteException;
import io.cassandraio.it.fault.FaultWrite.Outcome;
import io.cassandraio.it.fault.FaultWrite.Running;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Duration;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The table dropped, or the written column removed, while a write goes on (FAIL mode): the job
 * fails within {@link #FAIL_BOUND} of the change with an error naming the table (and the column),
 * it does not hang re-preparing statements.
 */
public class SchemaChangeFaultIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster();
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "fault_schema").withReplicationFactor(3)
      .withTable("dropped", FaultWrite.tableDefinition())
      .withTable("altered", FaultWrite.tableDefinition());

  static final Duration FAIL_BOUND = Duration.ofSeconds(60);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  @Test
  public void theTableDroppedMidWriteFailsTheJobNamingIt() throws Exception {
    Outcome outcome = changeMidWrite("dropped", "DROP TABLE " + KEYSPACE.table("dropped"), "table_dropped");
    String messages = outcome.messages();
    assertTrue(messages, messages.contains(CassandraWriteException.class.getName())
        || messages.contains("dropped"));
    assertTrue("the message names the table: " + messages, messages.contains("dropped"));
  }

  @Test
  public void theColumnRemovedMidWriteFailsTheJobNamingIt() throws Exception {
    Outcome outcome = changeMidWrite("altered", "ALTER TABLE " + KEYSPACE.table("altered") + " DROP v", "column_dropped");
    String messages = outcome.messages();
    assertTrue("the message names the table: " + messages, messages.contains("altered"));
    assertTrue("the message names the column v: " + messages, messages.matches("(?s).*\\bv\\b.*"));
  }

  private Outcome changeMidWrite(String table, String ddl, String scenario) throws Exception {
    FaultWrite write = FaultWrite.of("schema-" + table, KEYSPACE, table, DefaultConsistencyLevel.QUORUM).rows(3000, 800).holdAt(750);
    Running running = write.start();
    running.awaitHeld(JOB_TIMEOUT);
    long sentAtChange = running.statementsSent();
    long changedAtMs = running.millisSinceStart();
    KEYSPACE.session().execute(SimpleStatement.newInstance(ddl).setTimeout(DDL_TIMEOUT));
    long changeDoneMs = running.millisSinceStart();
    running.release();
    Outcome outcome = running.awaitEnd(JOB_TIMEOUT);
    // From the start of the DDL: the job may fail before the DDL's schema agreement returns.
    long timeToFailMs = outcome.millis() - changedAtMs;
    System.out.println("SchemaChangeFaultIT " + scenario + ": " + outcome.millis() + " ms; " + outcome.messages());
    new FaultReport.Entry(scenario, write.runnerName()).put("input", write.rows())
        .put("statements_sent_at_change", sentAtChange).put("change_started_at_ms", changedAtMs)
        .put("change_done_at_ms", changeDoneMs).put("time_to_fail_after_change_started_ms", timeToFailMs)
        .put("statements_sent", outcome.statementsSent()).put("failed", outcome.error() != null)
        .put("message", outcome.error() == null ? null : NodeKillFaultIT.firstLine(outcome.error())).record();
    assertNotNull(scenario + ": the job must fail (" + outcome.statementsSent() + " statements sent)", outcome.error());
    assertTrue(scenario + ": failed " + timeToFailMs + " ms after the change started, bound " + FAIL_BOUND.toMillis(),
        timeToFailMs < FAIL_BOUND.toMillis());
    return outcome;
  }
}
