package io.cassandraio.result;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Beam metrics of a write, namespace {@value #NAMESPACE}. Driver callbacks record into atomics;
 * {@link #publish()} moves the numbers into Beam metrics on the DoFn's own thread, because
 * Beam attributes metrics through a thread-local container.
 */
public final class WriteMetrics {
  public static final String NAMESPACE = "CassandraIO";
  public static final String ROWS_WRITTEN = "rowsWritten";
  public static final String BATCHES_WRITTEN = "batchesWritten";
  public static final String STATEMENTS_RETRIED = "statementsRetried";
  public static final String FAILED_ELEMENTS = "failedElements";
  public static final String BATCH_SIZE = "batchSize";
  public static final String REQUEST_LATENCY_MS = "requestLatencyMs";
  /** Exactly-once: micro-batches written and recorded in the checkpoint table. */
  public static final String BATCHES_COMMITTED = "exactlyOnceBatchesCommitted";
  /** Exactly-once: micro-batches skipped because their id was already recorded (replays). */
  public static final String BATCHES_SKIPPED = "exactlyOnceBatchesSkipped";

  private final Counter rowsWritten = Metrics.counter(NAMESPACE, ROWS_WRITTEN);
  private final Counter batchesWritten = Metrics.counter(NAMESPACE, BATCHES_WRITTEN);
  private final Counter statementsRetried = Metrics.counter(NAMESPACE, STATEMENTS_RETRIED);
  private final Counter failedElements = Metrics.counter(NAMESPACE, FAILED_ELEMENTS);
  private final Distribution batchSize = Metrics.distribution(NAMESPACE, BATCH_SIZE);
  private final Distribution latencyMs = Metrics.distribution(NAMESPACE, REQUEST_LATENCY_MS);
  private final Counter batchesCommitted = Metrics.counter(NAMESPACE, BATCHES_COMMITTED);
  private final Counter batchesSkipped = Metrics.counter(NAMESPACE, BATCHES_SKIPPED);

  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();

  /** A request succeeded: {@code rows} statements, as a batch if {@code batch}. */
  public void succeeded(int rowCount, boolean batch, long latencyMillis) {
    rows.addAndGet(rowCount);
    if (batch) {
      batches.incrementAndGet();
    }
    samples.add(new long[] {rowCount, latencyMillis});
  }

  public void retried(int statements) {
    retried.addAndGet(statements);
  }

  public void failed(int elements) {
    failed.addAndGet(elements);
  }

  /** Exactly-once micro-batches recorded as committed; call on the DoFn thread. */
  public void committed(int microBatches) {
    batchesCommitted.inc(microBatches);
  }

  /** Exactly-once micro-batches skipped as already committed; call on the DoFn thread. */
  public void skipped(int microBatches) {
    batchesSkipped.inc(microBatches);
  }

  /** Call on the DoFn thread. */
  public void publish() {
    rowsWritten.inc(rows.getAndSet(0));
    batchesWritten.inc(batches.getAndSet(0));
    statementsRetried.inc(retried.getAndSet(0));
    failedElements.inc(failed.getAndSet(0));
    long[] sample;
    while ((sample = samples.poll()) != null) {
      batchSize.update(sample[0]);
      latencyMs.update(sample[1]);
    }
  }
}
