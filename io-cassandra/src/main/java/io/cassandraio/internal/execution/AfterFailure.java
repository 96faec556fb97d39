package io.cassandraio.internal.execution;

import io.cassandraio.internal.grouping.WriteUnit;
import java.time.Duration;

/**
 * What happens to a request that failed: tried again after a backoff, split into single
 * statements (so that only the bad elements are reported), or failed for good.
 *
 * <p>Every element has one budget of {@code maxAttempts} attempts on the wire, whatever request
 * carries it: a batch's attempt counts for each of its statements, so a split batch's statements
 * go on with the attempts it left, and a batch that used them all (it kept timing out) is not
 * split: that would multiply the requests sent to a struggling cluster. One exception: a batch
 * the coordinator refused as invalid (one bad value; nothing applied) costs its statements no
 * attempt, so that REPORT mode isolates the bad element even with {@code withMaxAttempts(1)}.
 */
sealed interface AfterFailure {
  record Retry(Duration delay) implements AfterFailure {}

  /** {@code nextAttempt}: the attempt number each statement of the batch goes on with. */
  record Split(int nextAttempt) implements AfterFailure {}

  record Fail(Throwable cause) implements AfterFailure {}

  /** The decision for attempt number {@code attempt} (1-based) of {@code unit} that failed with {@code error}. */
  static AfterFailure decide(RetrySchedule retry, boolean splitFailedBatches, WriteUnit<?> unit, int attempt,
      Throwable error) {
    if (retry.shouldRetry(attempt, unit.idempotent(), error)) {
      return new Retry(retry.backoff(attempt));
    }
    if (splitFailedBatches && unit.isBatch()) {
      if (refusedAsInvalid(error)) {
        return new Split(attempt); // refused whole, applied nowhere: it costs its statements nothing
      }
      if (attempt < retry.maxAttempts()) {
        return new Split(attempt + 1);
      }
    }
    return new Fail(RetrySchedule.unwrap(error));
  }

  /** An error retrying cannot cure that proves nothing was applied: an invalid value, say. */
  private static boolean refusedAsInvalid(Throwable error) {
    Throwable e = RetrySchedule.unwrap(error);
    return !RetrySchedule.isTransient(e) && !FailureOutcome.mayHaveBeenApplied(e, true);
  }
}
