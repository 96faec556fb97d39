package io.cassandraio.internal.result;

import io.cassandraio.CassandraIOMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The numbers behind Beam metrics of a write, namespace {@value CassandraIOMetrics#NAMESPACE}. Driver callbacks
 * record here from any thread; {@link #take()} hands them over as a {@link WriteStats}, which is
 * published on a thread that Beam attributes metrics to (Beam keeps the metrics container in a
 * thread-local).
 */
public final class WriteMetrics {
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong changedReplays = new AtomicLong();
  private WriteStats.Summary batchSize = WriteStats.Summary.EMPTY;
  private WriteStats.Summary latencyMs = WriteStats.Summary.EMPTY;

  /** A request succeeded: {@code rows} statements, as a batch if {@code batch}. */
  public void succeeded(int rowCount, boolean batch, long latencyMillis) {
    rows.addAndGet(rowCount);
    if (batch) {
      batches.incrementAndGet();
    }
    synchronized (this) {
      batchSize = batchSize.plus(rowCount);
      latencyMs = latencyMs.plus(latencyMillis);
    }
  }

  public void retried(int statements) {
    retried.addAndGet(statements);
  }

  public void failed(int elements) {
    failed.addAndGet(elements);
  }

  /** Exactly-once micro-batches recorded as committed. */
  public void committed(int microBatches) {
    committed.addAndGet(microBatches);
  }

  /** Exactly-once micro-batches skipped as already committed. */
  public void skipped(int microBatches) {
    skipped.addAndGet(microBatches);
  }

  /** An exactly-once micro-batch replayed with other contents than the ones committed under its id. */
  public void changedReplay() {
    changedReplays.incrementAndGet();
  }

  /** Everything recorded since the last call, and starts again from zero. */
  public WriteStats take() {
    WriteStats.Summary sizes;
    WriteStats.Summary latencies;
    synchronized (this) {
      sizes = batchSize;
      latencies = latencyMs;
      batchSize = WriteStats.Summary.EMPTY;
      latencyMs = WriteStats.Summary.EMPTY;
    }
    return new WriteStats(rows.getAndSet(0), batches.getAndSet(0), retried.getAndSet(0), failed.getAndSet(0),
        committed.getAndSet(0), skipped.getAndSet(0), changedReplays.getAndSet(0), sizes, latencies);
  }

  /** Publishes {@link #take()}; call on the DoFn thread. */
  public void publish() {
    take().publish();
  }
}
