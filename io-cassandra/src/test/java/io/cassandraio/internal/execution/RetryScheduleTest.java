package io.cassandraio.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.Test;

public class RetryScheduleTest {
  private final RetrySchedule policy = new RetrySchedule(3, Duration.ofMillis(100), Duration.ofMillis(350));
  private final Throwable timeout = new DriverTimeoutException("timed out");

  @Test
  public void retriesIdempotentTransientFailuresUpToTheLimit() {
    assertTrue(policy.shouldRetry(1, true, timeout));
    assertTrue(policy.shouldRetry(2, true, new CompletionException(timeout)));
    assertFalse("the third attempt is the last", policy.shouldRetry(3, true, timeout));
  }

  @Test
  public void neverRetriesNonIdempotentWrites() {
    assertFalse(policy.shouldRetry(1, false, timeout));
  }

  @Test
  public void neverRetriesPermanentErrors() {
    assertFalse(policy.shouldRetry(1, true, new InvalidQueryException(null, "bad")));
  }

  @Test
  public void backoffGrowsExponentiallyWithJitterAndIsCapped() {
    for (int i = 0; i < 200; i++) {
      long first = policy.backoff(1).toMillis();
      long second = policy.backoff(2).toMillis();
      long fifth = policy.backoff(5).toMillis();
      assertTrue("first " + first, first >= 50 && first <= 100);
      assertTrue("second " + second, second >= 100 && second <= 200);
      assertTrue("capped " + fifth, fifth >= 175 && fifth <= 350);
    }
  }

  @Test
  public void rejectsBadSettingsNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RetrySchedule(0, Duration.ZERO, Duration.ZERO));
    assertTrue(e.getMessage(), e.getMessage().contains("withMaxAttempts"));
    e = assertThrows(IllegalArgumentException.class,
        () -> new RetrySchedule(2, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertTrue(e.getMessage(), e.getMessage().contains("withRetryBackoff"));
  }

  @Test
  public void backoffIsBetweenHalfTheCapAndTheCapWhichDoublesUpToTheMax() {
    RetrySchedule schedule = new RetrySchedule(10, Duration.ofMillis(100), Duration.ofMillis(1000));
    long[] caps = {100, 200, 400, 800, 1000, 1000, 1000};
    for (int attempt = 1; attempt <= caps.length; attempt++) {
      long cap = caps[attempt - 1];
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < 500; i++) {
        long delay = schedule.backoff(attempt).toMillis();
        min = Math.min(min, delay);
        max = Math.max(max, delay);
      }
      assertTrue("attempt " + attempt + ": min " + min + " >= " + cap / 2, min >= cap / 2);
      assertTrue("attempt " + attempt + ": max " + max + " <= " + cap, max <= cap);
    }
  }

  @Test
  public void backoffOfALateAttemptStaysAtTheMaxWithoutOverflow() {
    RetrySchedule schedule = new RetrySchedule(1000, Duration.ofSeconds(5), Duration.ofSeconds(30));
    for (int attempt : new int[] {21, 64, 65, 999, Integer.MAX_VALUE}) {
      long delay = schedule.backoff(attempt).toMillis();
      assertTrue("attempt " + attempt + ": " + delay, delay >= 15_000 && delay <= 30_000);
    }
  }

  @Test
  public void zeroInitialBackoffMeansNoWait() {
    RetrySchedule schedule = new RetrySchedule(5, Duration.ZERO, Duration.ofSeconds(1));
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertEquals(Duration.ZERO, schedule.backoff(attempt));
    }
  }

  @Test
  public void transientErrorsAreTheOnesThatMayPassOnTheirOwn() {
    assertTrue(RetrySchedule.isTransient(timeout));
    assertTrue(RetrySchedule.isTransient(new WriteTimeoutException(null, ConsistencyLevel.ONE, 0, 1, WriteType.SIMPLE)));
    assertTrue(RetrySchedule.isTransient(new UnavailableException(null, ConsistencyLevel.QUORUM, 2, 1)));
    assertTrue(RetrySchedule.isTransient(new OverloadedException(null)));
    assertFalse(RetrySchedule.isTransient(new InvalidQueryException(null, "bad")));
    assertFalse(RetrySchedule.isTransient(new IllegalStateException("Session is closed")));
  }

  @Test
  public void unwrapRemovesEveryCompletionExceptionLayer() {
    assertSame(timeout, RetrySchedule.unwrap(new CompletionException(new CompletionException(timeout))));
    assertSame(timeout, RetrySchedule.unwrap(timeout));
    CompletionException empty = new CompletionException("no cause", null);
    assertSame(empty, RetrySchedule.unwrap(empty));
  }
}
