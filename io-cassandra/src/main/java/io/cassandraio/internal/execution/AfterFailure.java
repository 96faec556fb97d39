package io.cassandraio.internal.execution;

import io.cassandraio.internal.grouping.WriteUnit;
import java.time.Duration;

/**
 * What happens to a request that failed: tried again after a backoff, split into single
 * statements (so that only the bad elements are reported), or failed for good.
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
    if (splitFailedBatches && unit.isBatch()) {
      return new Split();
    }
    return new Fail(RetrySchedule.unwrap(error));
  }
}
