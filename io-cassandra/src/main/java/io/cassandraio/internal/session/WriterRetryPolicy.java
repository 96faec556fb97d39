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
 * The driver's retry policy in a writer's session. Idempotent writes are never retried by the
 * driver, because the writer retries them itself ({@code RetrySchedule}, with backoff and a budget
 * of {@code withMaxAttempts}) and the checkpoint table retries its records the same way; with
 * both, one attempt of ours could become several on the wire. Everything else keeps the driver's
 * default behaviour: reads (the checkpoint table's lookups) and non-idempotent writes (counter
 * updates, list appends, LWTs), which the writer never retries and for which the driver's one
 * retry of an {@code Unavailable} on the next node is safe (nothing was applied).
 */
@SuppressWarnings("deprecation") // the RetryDecision methods are the ones DefaultRetryPolicy implements
public class WriterRetryPolicy extends DefaultRetryPolicy {

  public WriterRetryPolicy(DriverContext context, String profileName) {
    super(context, profileName);
  }

  /** An idempotent batch or statement other than a SELECT: what the writer retries itself. */
  static boolean retriedByTheWriter(Request request) {
    if (!Boolean.TRUE.equals(request.isIdempotent())) {
      return false;
    }
    return request instanceof BatchStatement
        || request instanceof BoundStatement bound && !isSelect(bound.getPreparedStatement().getQuery());
  }

  private static boolean isSelect(String cql) {
    return cql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
  }

  @Override
  public RetryDecision onWriteTimeout(Request request, ConsistencyLevel cl, WriteType writeType, int blockFor,
      int received, int retryCount) {
    return retriedByTheWriter(request) ? RetryDecision.RETHROW
        : super.onWriteTimeout(request, cl, writeType, blockFor, received, retryCount);
  }

  @Override
  public RetryDecision onUnavailable(Request request, ConsistencyLevel cl, int required, int alive, int retryCount) {
    return retriedByTheWriter(request) ? RetryDecision.RETHROW : super.onUnavailable(request, cl, required, alive, retryCount);
  }

  @Override
  public RetryDecision onRequestAborted(Request request, Throwable error, int retryCount) {
    return retriedByTheWriter(request) ? RetryDecision.RETHROW : super.onRequestAborted(request, error, retryCount);
  }

  @Override
  public RetryDecision onErrorResponse(Request request, CoordinatorException error, int retryCount) {
    return retriedByTheWriter(request) ? RetryDecision.RETHROW : super.onErrorResponse(request, error, retryCount);
  }
}
