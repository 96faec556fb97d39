package io.cassandraio.internal.keyspaces;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.cassandraio.internal.execution.RetrySchedule;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.Test;

/**
 * Amazon Keyspaces reports throttling (a table's or partition's capacity exceeded, the
 * per-connection request rate exceeded) and its transient system errors as a Cassandra write
 * timeout at LOCAL_QUORUM with no replica acknowledging. The writer must take that for what it
 * is, a transient condition: retried with growing backoff up to {@code withMaxAttempts}.
 */
public class KeyspacesThrottlingTest {
  /**
   * The driver's exception for a throttled write ("Cassandra timeout during SIMPLE write query at
   * consistency LOCAL_QUORUM (2 replica were required but only 0 acknowledged the write)"), as the
   * writer's future fails with it.
   */
  private static Throwable throttled(WriteType type) {
    return new CompletionException(new WriteTimeoutException(mock(Node.class),
        DefaultConsistencyLevel.LOCAL_QUORUM, 0, 2, type));
  }

  @Test
  public void aThrottledWriteIsRetriedWithGrowingBackoffUpToTheAttemptBudget() {
    RetrySchedule retry = RetrySchedule.defaults();
    for (WriteType type : new WriteType[] {WriteType.SIMPLE, WriteType.UNLOGGED_BATCH}) {
      for (int attempt = 1; attempt < retry.maxAttempts(); attempt++) {
        assertTrue(type + " attempt " + attempt, retry.shouldRetry(attempt, true, throttled(type)));
      }
      assertFalse("the budget is kept", retry.shouldRetry(retry.maxAttempts(), true, throttled(type)));
      assertFalse("never a non-idempotent write", retry.shouldRetry(1, false, throttled(type)));
    }
    Duration first = retry.backoff(1);
    Duration fourth = retry.backoff(4);
    assertTrue(first.toString(), first.compareTo(RetrySchedule.DEFAULT_INITIAL_BACKOFF) <= 0);
    assertTrue("backoff grows: " + first + " then " + fourth, fourth.compareTo(Duration.ofMillis(400)) >= 0);
  }
}
