package io.cassandraio.internal.execution;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try an idempotent request again and how long to wait: exponential backoff with "equal
 * jitter" (half the cap fixed, half random), on timeouts, overload, unavailability and lost
 * connections only. Non-idempotent requests are never retried: a timeout does not say whether
 * the write was applied. The driver's own retry policy is turned off for writers (see {@code
 * SessionFactory}), so one attempt here is one attempt on the wire.
 */
public record RetrySchedule(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements Serializable {
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  public RetrySchedule {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("withMaxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("withRetryBackoff needs 0 <= initial <= max, got "
          + initialBackoff + " and " + maxBackoff);
    }
  }

  public static RetrySchedule defaults() {
    return new RetrySchedule(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  public RetrySchedule withMaxAttempts(int attempts) {
    return new RetrySchedule(attempts, initialBackoff, maxBackoff);
  }

  public RetrySchedule withBackoff(Duration initial, Duration max) {
    return new RetrySchedule(maxAttempts, initial, max);
  }

  /** Whether attempt number {@code attempt} (1-based) that failed with {@code error} is retried. */
  public boolean shouldRetry(int attempt, boolean idempotent, Throwable error) {
    return idempotent && attempt < maxAttempts && isTransient(unwrap(error));
  }

  /**
   * Delay before attempt {@code attempt + 1}: uniform in [cap/2, cap] with cap = min(max, initial *
   * 2^(attempt-1)). The floor keeps retries of a bundle from bunching up right after a failure.
   */
  public Duration backoff(int attempt) {
    long cap = Math.min(maxBackoff.toMillis(),
        initialBackoff.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  static boolean isTransient(Throwable e) {
    return e instanceof DriverTimeoutException
        || e instanceof WriteTimeoutException
        || e instanceof OverloadedException
        || e instanceof UnavailableException
        || e instanceof NodeUnavailableException
        || e instanceof BusyConnectionException
        || e instanceof AllNodesFailedException
        || e instanceof ClosedConnectionException
        || e instanceof HeartbeatException;
  }

  /** The cause behind the CompletionExceptions an async call wraps its error in. */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
