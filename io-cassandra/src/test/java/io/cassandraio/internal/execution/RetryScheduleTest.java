package io.cassandraio.internal.execution;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
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
}
