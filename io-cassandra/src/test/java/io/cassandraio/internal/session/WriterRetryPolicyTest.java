package io.cassandraio.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.retry.RetryDecision;
import com.datastax.oss.driver.api.core.retry.RetryPolicy;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import com.datastax.oss.driver.internal.core.retry.DefaultRetryPolicy;
import com.datastax.oss.driver.internal.core.util.Reflection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;

/**
 * The driver's retry policy in a writer's session: every verdict on an idempotent write is
 * RETHROW (the writer retries it itself); reads and non-idempotent writes keep {@link
 * DefaultRetryPolicy}'s verdicts. Verdicts are asked
 * through the {@code *Verdict} methods, the ones driver 4 calls.
 */
public class WriterRetryPolicyTest {
  private static final ConsistencyLevel CL = ConsistencyLevel.LOCAL_QUORUM;

  private final DriverContext context = context();
  private final WriterRetryPolicy policy = new WriterRetryPolicy(context, "default");
  private final DefaultRetryPolicy driverDefault = new DefaultRetryPolicy(context, "default");

  private static DriverContext context() {
    DriverContext context = mock(DriverContext.class);
    when(context.getSessionName()).thenReturn("s0"); // all DefaultRetryPolicy's constructor reads
    return context;
  }

  /** A bound statement of {@code cql}, marked idempotent or not. */
  private static BoundStatement bound(String cql, Boolean idempotent) {
    PreparedStatement prepared = mock(PreparedStatement.class);
    when(prepared.getQuery()).thenReturn(cql);
    BoundStatement statement = mock(BoundStatement.class);
    when(statement.getPreparedStatement()).thenReturn(prepared);
    when(statement.isIdempotent()).thenReturn(idempotent);
    return statement;
  }

  private static BoundStatement write() {
    return bound("INSERT INTO ks.t (k, v) VALUES (?, ?)", true);
  }

  private static BatchStatement idempotentBatch() {
    BatchStatement batch = mock(BatchStatement.class);
    when(batch.isIdempotent()).thenReturn(true);
    return batch;
  }

  /** Each failure the driver consults a retry policy about, in the case where the default retries. */
  private static final Map<String, Function<Request, Function<RetryPolicy, RetryDecision>>> RETRIED_BY_DEFAULT = Map.of(
      "write timeout of the batch log", r -> p -> p.onWriteTimeoutVerdict(r, CL, WriteType.BATCH_LOG, 2, 0, 0)
          .getRetryDecision(),
      "unavailable", r -> p -> p.onUnavailableVerdict(r, CL, 2, 1, 0).getRetryDecision(),
      "request aborted (connection closed)", r -> p -> p.onRequestAbortedVerdict(r, new ClosedConnectionException("gone"),
          0).getRetryDecision(),
      "error response (overloaded)", r -> p -> p.onErrorResponseVerdict(r, new OverloadedException(null), 0)
          .getRetryDecision(),
      "error response (server error)", r -> p -> p.onErrorResponseVerdict(r, new ServerError(null, "boom"), 0)
          .getRetryDecision());

  @Test
  public void everyVerdictOnAWriteIsRethrow() {
    List<Request> writes = List.of(idempotentBatch(),
        BatchStatement.newInstance(BatchType.UNLOGGED).setIdempotent(true), write());
    for (Request write : writes) {
      RETRIED_BY_DEFAULT.forEach((what, verdict) -> {
        assertNotEquals("the case must be one the default retries: " + what, RetryDecision.RETHROW,
            verdict.apply(write).apply(driverDefault));
        assertEquals(what + " on " + write, RetryDecision.RETHROW, verdict.apply(write).apply(policy));
      });
    }
  }

  @Test
  public void theDeprecatedDecisionMethodsAgree() {
    BoundStatement write = write();
    assertEquals(RetryDecision.RETHROW, policy.onWriteTimeout(write, CL, WriteType.BATCH_LOG, 2, 0, 0));
    assertEquals(RetryDecision.RETHROW, policy.onUnavailable(write, CL, 2, 1, 0));
    assertEquals(RetryDecision.RETHROW, policy.onRequestAborted(write, new ClosedConnectionException("gone"), 0));
    assertEquals(RetryDecision.RETHROW, policy.onErrorResponse(write, new OverloadedException(null), 0));
  }

  @Test
  public void aReadKeepsTheDefaultVerdicts() {
    BoundStatement read = bound("  select fingerprint FROM ks.t WHERE k = ?", true); // the checkpoint lookup
    RETRIED_BY_DEFAULT.forEach((what, verdict) ->
        assertEquals(what, verdict.apply(read).apply(driverDefault), verdict.apply(read).apply(policy)));
    assertEquals(RetryDecision.RETRY_NEXT, policy.onUnavailableVerdict(read, CL, 2, 1, 0).getRetryDecision());
    assertEquals("the default retries once", RetryDecision.RETHROW,
        policy.onUnavailableVerdict(read, CL, 2, 1, 1).getRetryDecision());
    assertEquals(RetryDecision.RETRY_SAME,
        policy.onReadTimeoutVerdict(read, CL, 2, 2, false, 0).getRetryDecision());
    assertEquals(RetryDecision.RETRY_NEXT,
        policy.onRequestAbortedVerdict(read, new ClosedConnectionException("gone"), 0).getRetryDecision());
  }

  @Test
  public void aNonIdempotentWriteKeepsTheDefaultVerdicts() {
    // A counter update: the writer never retries it, and the default's one retry of an
    // Unavailable on the next node is safe (nothing was applied).
    BoundStatement counter = bound("UPDATE ks.c SET n = n + 1 WHERE k = ?", false);
    RETRIED_BY_DEFAULT.forEach((what, verdict) ->
        assertEquals(what, verdict.apply(counter).apply(driverDefault), verdict.apply(counter).apply(policy)));
    assertEquals(RetryDecision.RETRY_NEXT, policy.onUnavailableVerdict(counter, CL, 2, 1, 0).getRetryDecision());
  }

  @Test
  public void onlyIdempotentBatchesAndNonSelectStatementsAreRetriedByTheWriter() {
    assertTrue(WriterRetryPolicy.retriedByTheWriter(idempotentBatch()));
    assertTrue(WriterRetryPolicy.retriedByTheWriter(write()));
    assertTrue("a record in the checkpoint table", WriterRetryPolicy.retriedByTheWriter(
        bound("INSERT INTO ks.committed (sink_id) VALUES (?) USING TTL ?", true)));
    assertTrue(!WriterRetryPolicy.retriedByTheWriter(bound("SELECT v FROM ks.t", true)));
    assertTrue(!WriterRetryPolicy.retriedByTheWriter(bound("INSERT INTO ks.t (k) VALUES (?)", false)));
    assertTrue("idempotence unknown", !WriterRetryPolicy.retriedByTheWriter(bound("INSERT INTO ks.t (k) VALUES (?)",
        null)));
    assertTrue(!WriterRetryPolicy.retriedByTheWriter(mock(BatchStatement.class)));
    assertTrue("the writer never sends simple statements", !WriterRetryPolicy.retriedByTheWriter(
        SimpleStatement.newInstance("SELECT * FROM t")));
  }

  @Test
  public void theDriverBuildsItFromTheWriterConfig() {
    try (DriverConfigLoader loader = SessionFactory.configLoader(null, SessionFactory.class.getClassLoader())) {
      InternalDriverContext driver = mock(InternalDriverContext.class);
      when(driver.getConfig()).thenReturn(loader.getInitialConfig());
      when(driver.getSessionName()).thenReturn("s0");
      // What DefaultDriverContext.buildRetryPolicies does when a session starts.
      Map<String, RetryPolicy> policies = Reflection.buildFromConfigProfiles(driver,
          DefaultDriverOption.RETRY_POLICY_CLASS, DefaultDriverOption.RETRY_POLICY, RetryPolicy.class,
          "com.datastax.oss.driver.internal.core.retry");
      RetryPolicy built = policies.get("default");
      assertTrue(String.valueOf(built), built instanceof WriterRetryPolicy);
      assertEquals(RetryDecision.RETHROW, built.onUnavailableVerdict(write(), CL, 2, 1, 0).getRetryDecision());
    }
  }
}
