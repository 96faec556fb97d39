package io.cassandraio.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.cassandraio.internal.grouping.WriteUnit;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.Test;

/** The decision table for a failed request: retry, split or fail. */
public class AfterFailureTest {
  private static final RetrySchedule RETRY = new RetrySchedule(3, Duration.ofMillis(100), Duration.ofMillis(1000));
  private final FakeExecutor stubs = new FakeExecutor();

  private final WriteUnit<String> single = stubs.single(stubs.write("a"));
  private final WriteUnit<String> nonIdempotent = stubs.single(stubs.write("counter", 100, false));
  private final WriteUnit<String> batch = stubs.batch(stubs.write("b"), stubs.write("c"));

  private final Throwable transientError =
      new WriteTimeoutException(null, ConsistencyLevel.QUORUM, 1, 2, WriteType.UNLOGGED_BATCH);
  private final Throwable permanentError = new InvalidQueryException(null, "bad value");

  private static AfterFailure decide(boolean split, WriteUnit<String> unit, int attempt, Throwable error) {
    return AfterFailure.decide(RETRY, split, unit, attempt, error);
  }

  private static void assertRetryAfter(AfterFailure decision, long minMillis, long maxMillis) {
    assertTrue(String.valueOf(decision), decision instanceof AfterFailure.Retry);
    long delay = ((AfterFailure.Retry) decision).delay().toMillis();
    assertTrue("delay " + delay + " in [" + minMillis + ", " + maxMillis + "]", delay >= minMillis && delay <= maxMillis);
  }

  private static void assertFails(AfterFailure decision, Throwable cause) {
    assertTrue(String.valueOf(decision), decision instanceof AfterFailure.Fail);
    assertSame(cause, ((AfterFailure.Fail) decision).cause());
  }

  @Test
  public void anIdempotentRequestWithATransientErrorIsRetriedWithTheScheduledBackoff() {
    for (boolean split : new boolean[] {false, true}) {
      assertRetryAfter(decide(split, single, 1, transientError), 50, 100);
      assertRetryAfter(decide(split, single, 2, transientError), 100, 200);
      assertRetryAfter(decide(split, batch, 1, transientError), 50, 100);
      assertRetryAfter(decide(split, single, 1, new CompletionException(new OverloadedException(null))), 50, 100);
      assertRetryAfter(decide(split, single, 1, new UnavailableException(null, ConsistencyLevel.QUORUM, 2, 1)), 50,
          100);
      assertRetryAfter(decide(split, single, 1, new DriverTimeoutException("t")), 50, 100);
    }
  }

  @Test
  public void theLastAttemptFailsASingleStatementWithTheUnwrappedCause() {
    assertFails(decide(false, single, 3, transientError), transientError);
    assertFails(decide(true, single, 3, new CompletionException(transientError)), transientError);
  }

  @Test
  public void theLastAttemptOfABatchFailsItInBothModes() {
    // Its elements spent their attempts: splitting would send each of them once more.
    assertFails(decide(true, batch, 3, transientError), transientError);
    assertFails(decide(false, batch, 3, new CompletionException(transientError)), transientError);
    assertTrue("refused as invalid: split even on the last attempt, at no cost",
        decide(true, batch, 3, permanentError) instanceof AfterFailure.Split split && split.nextAttempt() == 3);
  }

  @Test
  public void aPermanentErrorIsNeverRetried() {
    assertFails(decide(false, single, 1, permanentError), permanentError);
    assertFails(decide(true, single, 1, permanentError), permanentError);
    assertFails(decide(false, batch, 1, permanentError), permanentError);
    assertTrue("REPORT: split to find the bad statement", decide(true, batch, 1, permanentError)
        instanceof AfterFailure.Split);
  }

  @Test
  public void aNonIdempotentRequestIsNeverRetried() {
    assertFails(decide(false, nonIdempotent, 1, transientError), transientError);
    assertFails(decide(true, nonIdempotent, 1, new CompletionException(transientError)), transientError);
  }

  @Test
  public void withOneAttemptNothingIsRetried() {
    AfterFailure d = AfterFailure.decide(RETRY.withMaxAttempts(1), false, single, 1, transientError);
    assertFails(d, transientError);
  }

  @Test
  public void zeroBackoffRetriesAtOnce() {
    RetrySchedule zero = new RetrySchedule(3, Duration.ZERO, Duration.ZERO);
    AfterFailure d = AfterFailure.decide(zero, false, single, 1, transientError);
    assertEquals(new AfterFailure.Retry(Duration.ZERO), d);
  }
}
