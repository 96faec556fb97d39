package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.retry.RetryDecision;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.internal.core.retry.DefaultRetryPolicy;

/**
 * The driver's retry policy in a writer's session: writes are never retried by the driver,
 * because the writer retries them itself ({@code RetrySchedule}, with backoff and a budget of
 * {@code withMaxAttempts}); with both, one attempt of ours could become several on the wire. Reads
 * (the checkpoint table's lookups) keep the driver's default behaviour.
 */
@SuppressWarnings("deprecation") // the RetryDecision methods are the ones DefaultRetryPolicy implements
public class WriterRetryPolicy extends DefaultRetryPolicy {

  public WriterRetryPolicy(DriverContext context, String profileName) {
    super(context, profileName);
  }

  /** A batch, or a statement that returns no rows: what the writer sends. */
  static boolean isWrite(Request request) {
    return request instanceof BatchStatement
        || request instanceof BoundStatement bound && bound.getPreparedStatement().getResultSetDefinitions().size() == 0;
  }

  @Override
  public RetryDecision onWriteTimeout(Request request, ConsistencyLevel cl, WriteType writeType, int blockFor,
      int received, int retryCount) {
    return isWrite(request) ? RetryDecision.RETHROW
        : super.onWriteTimeout(request, cl, writeType, blockFor, received, retryCount);
  }

  @Override
  public RetryDecision onUnavailable(Request request, ConsistencyLevel cl, int required, int alive, int retryCount) {
    return isWrite(request) ? RetryDecision.RETHROW : super.onUnavailable(request, cl, required, alive, retryCount);
  }

  @Override
  public RetryDecision onRequestAborted(Request request, Throwable error, int retryCount) {
    return isWrite(request) ? RetryDecision.RETHROW : super.onRequestAborted(request, error, retryCount);
  }

  @Override
  public RetryDecision onErrorResponse(Request request, CoordinatorException error, int retryCount) {
    return isWrite(request) ? RetryDecision.RETHROW : super.onErrorResponse(request, error, retryCount);
  }
}
