package io.cassandraio.internal.replay;

import io.cassandraio.BatchId;
import io.cassandraio.MicroBatch;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.result.WriteMetrics;
import io.cassandraio.listener.BatchListener;
import io.cassandraio.listener.BatchStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once commit protocol for a bundle of micro-batches: look every id up, write the
 * batches not yet committed (or committed with other contents), record each batch whose
 * statements all succeeded, even if another batch failed.
 *
 * <p>It relies on stable input: a replay sees the same batches with the same contents, so
 * skipping a recorded id loses nothing, and a batch written but not yet recorded is written again
 * with the same values and write timestamps. A recorded id replayed with other contents is
 * written rather than skipped: nothing is lost. Copies of one batch in two threads of this JVM
 * are serialized by {@link InFlightBatches}.
 */
public final class BatchCommitter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);

  private final String sink;
  private final CheckpointStore store;
  private final MicroBatchWriter<T> writer;
  private final Function<List<T>, @Nullable Long> fingerprint;
  private final BatchListener listener;
  private final WriteMetrics metrics;
  private final BiFunction<String, Throwable, RuntimeException> bundleFailure;
  private final RetrySchedule retry;

  /**
   * {@code sink}: the write and its sink id, for messages; {@code fingerprint}: of a batch's
   * elements, or null where contents cannot be fingerprinted; {@code bundleFailure}: makes the
   * exception that fails the bundle from a message and a cause; {@code retry}: how a record that
   * failed on a transient error is tried again (the driver does not retry it: {@code
   * WriterRetryPolicy}).
   */
  public BatchCommitter(String sink, CheckpointStore store, MicroBatchWriter<T> writer,
      Function<List<T>, @Nullable Long> fingerprint, BatchListener listener, WriteMetrics metrics,
      BiFunction<String, Throwable, RuntimeException> bundleFailure, RetrySchedule retry) {
    this.sink = sink;
    this.store = store;
    this.writer = writer;
    this.fingerprint = fingerprint;
    this.listener = listener;
    this.metrics = metrics;
    this.bundleFailure = bundleFailure;
    this.retry = retry;
  }

  /**
   * Commits {@code batches}; returns how many elements were written (and recorded). Throws if a
   * lookup, a write or a record failed; every batch recorded before that stays recorded.
   */
  public long commit(List<MicroBatch<T>> batches) throws InterruptedException {
    Set<BatchId> ids = new HashSet<>();
    batches.forEach(b -> ids.add(b.id()));
    InFlightBatches.claim(ids);
    try {
      Map<MicroBatch<T>, Long> fingerprints = new IdentityHashMap<>();
      for (MicroBatch<T> batch : batches) {
        fingerprints.put(batch, fingerprint.apply(batch.elements()));
      }
      return writeAndRecord(withoutCommitted(batches, fingerprints), fingerprints);
    } finally {
      InFlightBatches.release(ids);
    }
  }

  /**
   * Once the first statement is sent, the flush runs to its end even if the thread is interrupted
   * (Flink cancels a task's siblings by interrupting them): a batch half written and not recorded
   * would be written again on replay, which counters cannot absorb.
   */
  private long writeAndRecord(List<MicroBatch<T>> fresh, Map<MicroBatch<T>, Long> fingerprints) {
    if (fresh.isEmpty()) {
      return 0;
    }
    for (MicroBatch<T> batch : fresh) {
      listener.onBatch(BatchStage.BEFORE_WRITE, batch.id(), batch.elements().size());
    }
    MicroBatchWriter.Outcome outcome = writer.write(fresh);
    Map<MicroBatch<T>, CompletableFuture<?>> records = new LinkedHashMap<>();
    long written = 0;
    for (int b = 0; b < fresh.size(); b++) {
      if (!outcome.incomplete().contains(b)) {
        MicroBatch<T> batch = fresh.get(b);
        listener.onBatch(BatchStage.WRITTEN, batch.id(), batch.elements().size());
        records.put(batch, store.record(batch.id(), fingerprints.get(batch)).toCompletableFuture());
        written += batch.elements().size();
      }
    }
    // Every record is waited for and the ones that succeeded are counted, even if another failed.
    Throwable recordFailure = null;
    List<MicroBatch<T>> recorded = new ArrayList<>();
    for (Map.Entry<MicroBatch<T>, CompletableFuture<?>> record : records.entrySet()) {
      Throwable failure = awaitRecord(record.getKey(), fingerprints.get(record.getKey()), record.getValue());
      if (failure == null) {
        recorded.add(record.getKey());
      } else if (recordFailure == null) {
        recordFailure = failure;
      }
    }
    metrics.committed(recorded.size());
    for (MicroBatch<T> batch : recorded) {
      listener.onBatch(BatchStage.RECORDED, batch.id(), batch.elements().size());
    }
    if (recordFailure != null) {
      throw bundleFailure.apply(sink + ": " + (records.size() - recorded.size()) + " of " + records.size()
          + " micro-batches "
          + "were written but could not be recorded in " + store.describe() + "; a retry writes them again "
          + "(harmless for upserts, counters over-count): " + recordFailure, recordFailure);
    }
    if (outcome.stoppedBy() != null) {
      throw outcome.stoppedBy();
    }
    if (!outcome.incomplete().isEmpty()) {
      BatchId first = fresh.get(outcome.incomplete().stream().mapToInt(Integer::intValue).min().getAsInt()).id();
      Throwable cause = outcome.firstFailure();
      throw bundleFailure.apply(sink + " failed: " + outcome.incomplete().size() + " of " + fresh.size()
          + " micro-batches were not completely written (first: " + first + "); they are not recorded and will be "
          + "written again on retry. First cause: " + cause, cause);
    }
    return written;
  }

  /**
   * Waits for a record, uninterruptibly (as the write before it), recording again on a transient
   * error as the writer retries its writes. Returns the error that stopped it, or null.
   */
  private @Nullable Throwable awaitRecord(MicroBatch<T> batch, @Nullable Long fingerprint, CompletableFuture<?> first) {
    CompletableFuture<?> attempt = first;
    for (int n = 1; ; n++) {
      try {
        attempt.join();
        return null;
      } catch (CompletionException e) {
        Throwable cause = RetrySchedule.unwrap(e);
        if (!retry.shouldRetry(n, true, cause)) {
          return cause;
        }
        Duration backoff = retry.backoff(n);
        LOG.warn("{}: recording micro-batch {} in {} failed ({}); recording it again in {} ms (attempt {} of {})", sink,
            batch.id(), store.describe(), cause.toString(), backoff.toMillis(), n + 1, retry.maxAttempts());
        pause(backoff);
        attempt = store.record(batch.id(), fingerprint).toCompletableFuture();
      }
    }
  }

  private static void pause(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    boolean interrupted = false;
    for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Looks every batch up concurrently; skips (and counts) the ones already committed with the same
   * contents. A batch committed with other contents is written: its id was replayed with other
   * elements than the ones written under it (the runner broke its stable-input promise), and
   * skipping it would lose the elements that only the replay has.
   */
  private List<MicroBatch<T>> withoutCommitted(List<MicroBatch<T>> batches, Map<MicroBatch<T>, Long> fingerprints)
      throws InterruptedException {
    List<CompletableFuture<CheckpointStore.Commit>> lookups = new ArrayList<>();
    for (MicroBatch<T> batch : batches) {
      lookups.add(store.lookUp(batch.id()).toCompletableFuture());
    }
    List<MicroBatch<T>> fresh = new ArrayList<>();
    Set<BatchId> seen = new HashSet<>();
    int skipped = 0;
    BatchId firstSkipped = null;
    for (int i = 0; i < batches.size(); i++) {
      MicroBatch<T> batch = batches.get(i);
      CheckpointStore.Commit commit = lookedUp(lookups.get(i), batch);
      boolean changed = commit.differsFrom(fingerprints.get(batch));
      // A duplicate within one bundle is skipped too: the first copy is written (or fails) here.
      if (!seen.add(batch.id()) || commit.committed() && !changed) {
        listener.onBatch(BatchStage.SKIPPED, batch.id(), batch.elements().size());
        skipped++;
        firstSkipped = firstSkipped == null ? batch.id() : firstSkipped;
        continue;
      }
      if (changed) {
        changedReplay(batch);
      }
      fresh.add(batch);
    }
    metrics.skipped(skipped);
    if (skipped > 0) {
      LOG.warn("{}: skipped {} of {} micro-batches already recorded as committed in {} or delivered twice in this "
          + "bundle (first: {}); the runner is replaying input after a failure, restart or retry, and their writes "
          + "are not repeated", sink, skipped, batches.size(), store.describe(), firstSkipped);
    }
    return fresh;
  }

  private void changedReplay(MicroBatch<T> batch) {
    metrics.changedReplay();
    listener.onBatch(BatchStage.CHANGED_REPLAY, batch.id(), batch.elements().size());
    LOG.error("{}: micro-batch {} was committed with other contents than the {} elements it is replayed with now: "
        + "either a failure came after the last micro-batches were written at the end of the input "
        + "(--enableStableInputDrain) and before Flink's final checkpoint, or the runner did not replay its stable "
        + "input as it was written (see the README, 'Exactly-once' limits). Writing it again so that no element is "
        + "lost; elements that both versions hold are applied twice (counters over-count).", sink, batch.id(),
        batch.elements().size());
  }

  private CheckpointStore.Commit lookedUp(CompletableFuture<CheckpointStore.Commit> lookup, MicroBatch<T> batch)
      throws InterruptedException {
    try {
      return lookup.get();
    } catch (ExecutionException e) {
      throw bundleFailure.apply(sink + ": cannot look up micro-batch " + batch.id() + " in the checkpoint "
          + "table " + store.describe() + " (nothing of it was written; the bundle will be retried): "
          + e.getCause(), e.getCause());
    }
  }
}
