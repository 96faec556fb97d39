package io.cassandraio.execution;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.AllNodesFailedException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try an idempotent request again and how long to wait: exponential backoff with full
 * jitter, on timeouts, overload and unavailability only. Non-idempotent requests are never
 * retried: a timeout does not say whether the write was applied.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements Serializable {
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("withMaxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("withRetryBackoff needs 0 <= initial <= max, got "
          + initialBackoff + " and " + maxBackoff);
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  /** Whether attempt number {@code attempt} (1-based) that failed with {@code error} is retried. */
  public boolean shouldRetry(int attempt, boolean idempotent, Throwable error) {
    return idempotent && attempt < maxAttempts && isTransient(unwrap(error));
  }

  /** Delay before attempt {@code attempt + 1}: uniform in [0, min(max, initial * 2^(attempt-1))]. */
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
        || e instanceof AllNodesFailedException;
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
