package io.cassandraio.internal.result;

import io.cassandraio.CassandraIOMetrics;
import java.io.Serializable;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * What a writer did since the last snapshot: counters and the two distributions of
 * {@link WriteMetrics}. A value, so that a writer that runs where Beam has no metrics container
 * (Flink releases stable input from its checkpoint callback, outside Beam's metrics scope) can
 * hand it to a step that has one.
 */
public record WriteStats(long rowsWritten, long batchesWritten, long statementsRetried, long failedElements,
    long batchesCommitted, long batchesSkipped, long changedReplays, Summary batchSize, Summary requestLatencyMs) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Sum, count, min and max of a distribution, as Beam's {@code Distribution.update} takes them. */
  public record Summary(long sum, long count, long min, long max) implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Summary EMPTY = new Summary(0, 0, Long.MAX_VALUE, Long.MIN_VALUE);

    Summary plus(long value) {
      return new Summary(sum + value, count + 1, Math.min(min, value), Math.max(max, value));
    }
  }

  public boolean isEmpty() {
    return rowsWritten == 0 && batchesWritten == 0 && statementsRetried == 0 && failedElements == 0
        && batchesCommitted == 0 && batchesSkipped == 0 && changedReplays == 0 && batchSize.count() == 0 && requestLatencyMs.count() == 0;
  }

  /** Adds these numbers to Beam's metrics; call on a thread that runs a DoFn method. */
  public void publish() {
    inc(CassandraIOMetrics.ROWS_WRITTEN, rowsWritten);
    inc(CassandraIOMetrics.BATCHES_WRITTEN, batchesWritten);
    inc(CassandraIOMetrics.STATEMENTS_RETRIED, statementsRetried);
    inc(CassandraIOMetrics.FAILED_ELEMENTS, failedElements);
    inc(CassandraIOMetrics.BATCHES_COMMITTED, batchesCommitted);
    inc(CassandraIOMetrics.BATCHES_SKIPPED, batchesSkipped);
    inc(CassandraIOMetrics.CHANGED_REPLAYS, changedReplays);
    update(CassandraIOMetrics.BATCH_SIZE, batchSize);
    update(CassandraIOMetrics.REQUEST_LATENCY_MS, requestLatencyMs);
  }

  private static void inc(String name, long n) {
    if (n != 0) {
      Metrics.counter(CassandraIOMetrics.NAMESPACE, name).inc(n);
    }
  }

  private static void update(String name, Summary s) {
    if (s.count() > 0) {
      Metrics.distribution(CassandraIOMetrics.NAMESPACE, name).update(s.sum(), s.count(), s.min(), s.max());
    }
  }
}
