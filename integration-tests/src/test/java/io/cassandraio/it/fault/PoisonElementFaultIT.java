package io.cassandraio.it.fault;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.it.fault.FaultWrite.Outcome;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Duration;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A poison element every {@value #EVERY} in REPORT mode, on the healthy 3-node cluster at QUORUM:
 * exactly the poison elements are reported, each once and as surely not applied, with the error of
 * its kind (the binder's exception, or the server's InvalidQueryException for a TTL of -1); every
 * other element is written. The same with Beam's error handler ({@code withErrorHandler}): exactly
 * the poison elements reach it, as bad records encoded with the input's coder.
 */
public class PoisonElementFaultIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster();
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "fault_poison").withReplicationFactor(3)
      .withTable("report", FaultWrite.tableDefinition())
      .withTable("handler", FaultWrite.tableDefinition());

  static final long EVERY = 1000;
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

  @Test
  public void onlyThePoisonElementsAreReportedAndEveryOtherIsWritten() throws Exception {
    FaultWrite write = FaultWrite.of("poison-report", KEYSPACE, "report", DefaultConsistencyLevel.QUORUM)
        .rows(6000, 0).failureMode(FailureMode.REPORT).poisonEvery(EVERY);
    Outcome outcome = write.start().awaitEnd(JOB_TIMEOUT);
    assertNull("REPORT mode: the job succeeds: " + outcome.messages(), outcome.error());

    TreeMap<Long, FailedWrite<Long>> reported = new TreeMap<>();
    for (FailedWrite<Long> f : outcome.reported()) {
      assertNull("reported twice: " + f, reported.put(f.getElement(), f));
    }
    TreeSet<Long> poison = new TreeSet<>();
    for (long k = 0; k < write.rows(); k++) {
      if (write.isPoison(k)) {
        poison.add(k);
      }
    }
    TreeSet<Long> stored = write.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.QUORUM, Duration.ofSeconds(60));
    new FaultReport.Entry("poison_every_" + EVERY + "_report", write.runnerName()).put("input", write.rows())
        .put("poison", poison.size()).put("reported", reported.size()).put("rows_present", stored.size())
        .put("rows_written_metric", outcome.rowsWrittenMetric()).put("failed_elements_metric", outcome.failedMetric())
        .put("retried_metric", outcome.retriedMetric()).put("statements_sent", outcome.statementsSent())
        .put("job_ms", outcome.millis()).record();

    assertEquals("reported elements", poison, reported.navigableKeySet());
    for (FailedWrite<Long> f : reported.values()) {
      long k = f.getElement();
      assertFalse("a poison element cannot have been applied: " + f, f.isOutcomeUnknown());
      if (write.isServerPoison(k)) {
        assertEquals(f.toString(), "com.datastax.oss.driver.api.core.servererrors.InvalidQueryException",
            f.getErrorClass());
        assertTrue(f.toString(), f.getErrorMessage().contains("TTL"));
      } else {
        assertEquals(f.toString(), IllegalArgumentException.class.getName(), f.getErrorClass());
        assertEquals("poison element " + k, f.getErrorMessage());
      }
    }
    assertEquals("rows stored: all but the poison", write.goodKeys(), stored);
    assertEquals("metric rowsWritten", write.goodKeys().size(), outcome.rowsWrittenMetric());
    assertEquals("metric failedElements", poison.size(), outcome.failedMetric());
  }

  @Test
  public void withTheErrorHandlerOnlyThePoisonElementsReachIt() throws Exception {
    FaultWrite write = FaultWrite.of("poison-handler", KEYSPACE, "handler", DefaultConsistencyLevel.QUORUM)
        .rows(6000, 0).poisonEvery(EVERY).withErrorHandler();
    Outcome outcome = write.start().awaitEnd(JOB_TIMEOUT);
    assertNull("with an error handler the job succeeds: " + outcome.messages(), outcome.error());

    TreeMap<Long, FaultWrite.BadRecordSeen> bad = new TreeMap<>();
    for (FaultWrite.BadRecordSeen r : outcome.badRecords()) {
      assertNull("sent to the handler twice: " + r, bad.put(r.element(), r));
    }
    TreeSet<Long> stored = write.storedKeys(KEYSPACE.session(), DefaultConsistencyLevel.QUORUM, Duration.ofSeconds(60));
    new FaultReport.Entry("poison_every_" + EVERY + "_error_handler", write.runnerName()).put("input", write.rows())
        .put("poison", poisonOf(write).size()).put("bad_records", bad.size()).put("rows_present", stored.size())
        .put("rows_written_metric", outcome.rowsWrittenMetric()).put("job_ms", outcome.millis()).record();

    assertEquals("elements sent to the error handler", poisonOf(write), bad.navigableKeySet());
    for (FaultWrite.BadRecordSeen r : bad.values()) {
      String expected = write.isServerPoison(r.element())
          ? "com.datastax.oss.driver.api.core.servererrors.InvalidQueryException"
          : IllegalArgumentException.class.getName() + ": poison element " + r.element();
      assertTrue(r + " should start with " + expected, r.exception().startsWith(expected));
    }
    assertEquals("rows stored: all but the poison", write.goodKeys(), stored);
  }

  private static TreeSet<Long> poisonOf(FaultWrite write) {
    TreeSet<Long> poison = new TreeSet<>();
    for (long k = 0; k < write.rows(); k++) {
      if (write.isPoison(k)) {
        poison.add(k);
      }
    }
    return poison;
  }
}
