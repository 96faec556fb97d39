package io.cassandraio.internal.execution;

import io.cassandraio.internal.grouping.WriteUnit;
import java.time.Duration;

/**
 * What happens to a request that failed: tried again after a backoff, split into single
 * statements (so that only the bad elements are reported), or failed for good.
 *
 * <p>Every element has one budget of {@code maxAttempts} attempts on the wire, whatever request
 * carries it: a batch's attempt counts for each of its statements, so a split batch's statements
 * go on with the attempts it left. A batch is therefore split only while attempts remain, which
 * in practice means after an error that retrying cannot cure (an invalid value in one statement):
 * a batch that kept timing out has used the budget of all its elements, and splitting it would
 * multiply the requests sent to a struggling cluster.
 */
sealed interface AfterFailure {
  record Retry(Duration delay) implements AfterFailure {}

  record Split() implements AfterFailure {}

  record Fail(Throwable cause) implements AfterFailure {}

  /** The decision for attempt number {@code attempt} (1-based) of {@code unit} that failed with {@code error}. */
  static AfterFailure decide(RetrySchedule retry, boolean splitFailedBatches, WriteUnit<?> unit, int attempt,
      Throwable error) {
    if (retry.shouldRetry(attempt, unit.idempotent(), error)) {
      return new Retry(retry.backoff(attempt));
    }
    if (splitFailedBatches && unit.isBatch() && attempt < retry.maxAttempts()) {
      return new Split();
    }
    return new Fail(RetrySchedule.unwrap(error));
  }
}
