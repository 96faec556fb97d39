package io.cassandraio;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.execution.AsyncWriter;
import io.cassandraio.grouping.PendingWrite;
import io.cassandraio.grouping.StatementSize;
import io.cassandraio.grouping.WriteUnit;
import io.cassandraio.replay.BatchFingerprint;
import io.cassandraio.replay.BatchId;
import io.cassandraio.replay.BatchListener;
import io.cassandraio.replay.BatchStage;
import io.cassandraio.replay.CheckpointTable;
import io.cassandraio.replay.InFlightBatches;
import io.cassandraio.replay.MicroBatch;
import io.cassandraio.result.WriteStats;
import io.cassandraio.statement.StatementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of exactly-once: writes micro-batches whose id is not in the checkpoint table, then
 * records their ids with a fingerprint of their contents. {@code @RequiresStableInput}: a replay
 * sees the same batches with the same contents, so skipping a recorded id loses nothing and a
 * batch written but not yet recorded is written again with the same values and the same write
 * timestamps. A recorded id replayed with other contents (the stable-input promise broken, or
 * the end-of-input window) is written rather than skipped: nothing is lost.
 *
 * <p>Per bundle: look every batch up (concurrently), write the statements of all new batches
 * through the normal routing, grouping and execution path, wait, and record each batch whose
 * statements all succeeded, even if another batch failed.
 */
final class ExactlyOnceWriteFn<T> extends DoFn<MicroBatch<T>, Long> {
  private static final long serialVersionUID = 1L;
  /** Statements without a routing key are ranked together: their order is kept too. */
  private static final Object NO_ROUTING_KEY = new Object();
  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceWriteFn.class);

  private final CassandraIO.Write<T> spec;
  private final StatementFactory<T> statements;
  private final ExactlyOnce exactlyOnce;
  private final BatchListener listener;
  private final TupleTag<WriteStats> statsTag;
  private final Coder<T> elementCoder;

  private transient @Nullable WriteSession<T> ws;
  private transient AsyncWriter<Integer> writer;
  private transient CheckpointTable table;
  private transient List<MicroBatch<T>> pending;
  private transient int pendingElements;
  private transient long written;
  private transient Set<BoundedWindow> windows;
  /** Fingerprints need bytes that depend only on the value; without them no replay is judged changed. */
  private transient boolean fingerprinting;

  ExactlyOnceWriteFn(CassandraIO.Write<T> spec, StatementFactory<T> statements, ExactlyOnce exactlyOnce,
      BatchListener listener, TupleTag<WriteStats> statsTag, Coder<T> elementCoder) {
    this.spec = spec;
    this.statements = statements;
    this.exactlyOnce = exactlyOnce;
    this.listener = listener;
    this.statsTag = statsTag;
    this.elementCoder = elementCoder;
  }

  @Setup
  public void setup() {
    ws = WriteSession.open(spec, statements, this);
    writer = ws.newWriter();
    ExactlyOnce eo = exactlyOnce;
    try {
      table = ws.lease.perSession("checkpoint-table:" + eo.keyspace() + "." + eo.table(),
          session -> CheckpointTable.open(session, eo.keyspace(), eo.table(), eo.replication(), eo.createTable(),
              eo.consistencyLevel(), eo.recordTtl()));
    } catch (RuntimeException e) {
      // A runner need not call @Teardown after a failed @Setup.
      ws.close();
      ws = null;
      throw e;
    }
    pending = new ArrayList<>();
    windows = new HashSet<>();
    try {
      elementCoder.verifyDeterministic();
      fingerprinting = true;
    } catch (Coder.NonDeterministicException e) {
      fingerprinting = false;
      LOG.warn("CassandraIO.write({}).withExactlyOnce(\"{}\"): the element coder {} is not deterministic ({}), so "
          + "micro-batches are recorded without a fingerprint of their contents and a replay with other contents "
          + "cannot be told from a replay; use a deterministic coder to have it checked", statements.describe(),
          exactlyOnce.sinkId(), elementCoder, e.getMessage());
    }
  }

  @StartBundle
  public void startBundle() {
    ws.router.refresh();
    pending.clear();
    pendingElements = 0;
    written = 0;
    windows.clear();
  }

  @ProcessElement
  @RequiresStableInput
  public void processElement(@Element MicroBatch<T> batch, BoundedWindow window)
      throws InterruptedException, ExecutionException {
    pending.add(batch);
    pendingElements += batch.elements().size();
    windows.add(window);
    if (pendingElements >= spec.executionLimits().maxBufferedStatements()) {
      flush();
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException, ExecutionException {
    flush();
    for (BoundedWindow w : windows) {
      context.output(written, w.maxTimestamp(), w);
    }
    // Published by the next step: on Flink streaming this method runs when a checkpoint completes,
    // where Beam has no metrics container to count into. (No window to output in: keep them.)
    if (!windows.isEmpty()) {
      WriteStats stats = ws.metrics.take();
      BoundedWindow w = windows.iterator().next();
      if (!stats.isEmpty()) {
        context.output(statsTag, stats, w.maxTimestamp(), w);
      }
    }
  }

  @Teardown
  public void teardown() {
    if (ws != null) {
      ws.close();
      ws = null;
    }
  }

  private void flush() throws InterruptedException, ExecutionException {
    if (pending.isEmpty()) {
      return;
    }
    List<MicroBatch<T>> batches = pending;
    pending = new ArrayList<>();
    pendingElements = 0;
    Set<BatchId> ids = new HashSet<>();
    batches.forEach(b -> ids.add(b.id()));
    InFlightBatches.claim(ids);
    try {
      Map<MicroBatch<T>, Long> fingerprints = new IdentityHashMap<>();
      for (MicroBatch<T> batch : batches) {
        fingerprints.put(batch, fingerprinting ? BatchFingerprint.of(batch.elements(), elementCoder) : null);
      }
      write(withoutCommitted(batches, fingerprints), fingerprints);
    } finally {
      InFlightBatches.release(ids);
    }
  }

  /**
   * Writes {@code fresh} and records every batch whose statements were all sent and succeeded.
   * Once the first statement is sent, the flush runs to its end even if the thread is interrupted
   * (Flink cancels a task's siblings by interrupting them): a batch half written and not recorded
   * would be written again on replay, which counters cannot absorb. A failure part-way (an
   * exception while sending) still records the batches completed before it.
   */
  private void write(List<MicroBatch<T>> fresh, Map<MicroBatch<T>, Long> fingerprints) {
    List<PendingWrite<Integer>> writes = new ArrayList<>();
    for (int b = 0; b < fresh.size(); b++) {
      MicroBatch<T> batch = fresh.get(b);
      listener.onBatch(BatchStage.BEFORE_WRITE, batch.id(), batch.elements().size());
      Map<Object, Integer> rowsPerPartition = new HashMap<>();
      for (int i = 0; i < batch.elements().size(); i++) {
        writes.add(pendingWrite(b, batch, i, rowsPerPartition));
      }
    }
    List<WriteUnit<Integer>> units = ws.grouper.group(writes);
    boolean interrupted = false;
    RuntimeException stoppedBy = null;
    int sent = 0;
    while (sent < units.size()) {
      try {
        writer.submit(units.get(sent));
        sent++;
      } catch (InterruptedException e) {
        interrupted = true; // finish the flush first; the flag is restored below
      } catch (RuntimeException e) {
        stoppedBy = e;
        break;
      }
    }
    interrupted |= awaitAllUninterruptibly();
    List<AsyncWriter.Failure<Integer>> failures = writer.takeFailures();
    Set<Integer> incomplete = new HashSet<>();
    failures.forEach(f -> incomplete.add(f.write().element()));
    for (WriteUnit<Integer> unsent : units.subList(sent, units.size())) {
      unsent.writes().forEach(w -> incomplete.add(w.element()));
    }
    List<CompletableFuture<?>> records = new ArrayList<>();
    List<MicroBatch<T>> recorded = new ArrayList<>();
    for (int b = 0; b < fresh.size(); b++) {
      if (!incomplete.contains(b)) {
        MicroBatch<T> batch = fresh.get(b);
        listener.onBatch(BatchStage.WRITTEN, batch.id(), batch.elements().size());
        records.add(table.record(batch.id(), fingerprints.get(batch)).toCompletableFuture());
        recorded.add(batch);
        written += batch.elements().size();
      }
    }
    try {
      // join, not get: uninterruptible, for the same reason as above.
      CompletableFuture.allOf(records.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw new CassandraWriteException("CassandraIO exactly-once: micro-batches were written but could not be "
          + "recorded in " + table.qualifiedName() + "; a retry writes them again (harmless for upserts, counters "
          + "over-count): " + e.getCause(), e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    ws.metrics.committed(recorded.size());
    for (MicroBatch<T> batch : recorded) {
      listener.onBatch(BatchStage.RECORDED, batch.id(), batch.elements().size());
    }
    if (stoppedBy != null) {
      throw stoppedBy;
    }
    if (!failures.isEmpty()) {
      Throwable first = failures.get(0).error();
      throw new CassandraWriteException("CassandraIO.write(" + statements.describe() + ").withExactlyOnce(\""
          + exactlyOnce.sinkId() + "\") failed: " + incomplete.size() + " of " + fresh.size() + " micro-batches were "
          + "not completely written (first: " + fresh.get(failures.get(0).write().element()).id() + "); they are "
          + "not recorded and will be written again on retry. First cause: " + first, first);
    }
  }

  /** Waits for every request sent; returns whether the thread was interrupted meanwhile. */
  private boolean awaitAllUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        writer.awaitAll();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
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
    List<CompletableFuture<CheckpointTable.Commit>> lookups = new ArrayList<>();
    for (MicroBatch<T> batch : batches) {
      lookups.add(table.lookUp(batch.id()).toCompletableFuture());
    }
    List<MicroBatch<T>> fresh = new ArrayList<>();
    Set<Object> seen = new HashSet<>();
    int skipped = 0;
    BatchId firstSkipped = null;
    for (int i = 0; i < batches.size(); i++) {
      MicroBatch<T> batch = batches.get(i);
      CheckpointTable.Commit commit = commit(lookups.get(i), batch);
      // A duplicate within one bundle is skipped too: the first copy is written (or fails) here.
      boolean changed = commit.differsFrom(fingerprints.get(batch));
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
    ws.metrics.skipped(skipped);
    if (skipped > 0) {
      LOG.warn("CassandraIO.write({}).withExactlyOnce(\"{}\"): skipped {} of {} micro-batches already recorded as "
          + "committed in {} or delivered twice in this bundle (first: {}); the runner is replaying input after a "
          + "failure, restart or retry, and their writes are not repeated", statements.describe(), exactlyOnce.sinkId(), skipped, batches.size(),
          table.qualifiedName(), firstSkipped);
    }
    return fresh;
  }

  private void changedReplay(MicroBatch<T> batch) {
    ws.metrics.changedReplay();
    listener.onBatch(BatchStage.CHANGED_REPLAY, batch.id(), batch.elements().size());
    LOG.error("CassandraIO.write({}).withExactlyOnce(\"{}\"): micro-batch {} was committed with other contents than "
        + "the {} elements it is replayed with now: either a failure came after the last micro-batches were written "
        + "at the end of the input (--enableStableInputDrain) and before Flink's final checkpoint, or the runner did "
        + "not replay its stable input as it was written (see the README, 'Exactly-once' limits). Writing it again "
        + "so that no element is lost; elements that both versions hold are applied twice (counters over-count).",
        statements.describe(), exactlyOnce.sinkId(), batch.id(), batch.elements().size());
  }

  private CheckpointTable.Commit commit(CompletableFuture<CheckpointTable.Commit> lookup, MicroBatch<T> batch)
      throws InterruptedException {
    try {
      return lookup.get();
    } catch (ExecutionException e) {
      throw new CassandraWriteException("CassandraIO exactly-once: cannot look up micro-batch " + batch.id()
          + " in the checkpoint table " + table.qualifiedName() + " (nothing of it was written; the bundle will be "
          + "retried): " + e.getCause(), e.getCause());
    }
  }

  /**
   * Element {@code i}'s statement at its fixed timestamp: the batch's base plus the number of
   * earlier elements of the same partition in the batch. Later writes to a cell win over earlier
   * ones as without batching, elements of different partitions share a timestamp (so they can
   * share an UNLOGGED batch, which has one), and a replay computes the same timestamps.
   */
  private PendingWrite<Integer> pendingWrite(int batchIndex, MicroBatch<T> batch, int i,
      Map<Object, Integer> rowsPerPartition) {
    T element = batch.elements().get(i);
    BoundStatement statement;
    try {
      statement = ws.finisher.finish(element, ws.maker.make(element));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("CassandraIO.write(" + statements.describe()
          + ").withExactlyOnce: cannot make a statement for element " + element + ": " + e.getMessage(), e);
    }
    // The fixed timestamp makes a rewritten batch a no-op for upserts; Cassandra refuses custom
    // timestamps on counter updates, which stay protected by the checkpoint table alone.
    ByteBuffer partition = statement.getRoutingKey();
    if (!ws.finisher.isCounterUpdate(statement)) {
      int rank = rowsPerPartition.merge(partition == null ? NO_ROUTING_KEY : partition, 1, Integer::sum) - 1;
      statement = statement.setQueryTimestamp(batch.timestampOf(rank));
    }
    int size = StatementSize.estimate(statement);
    boolean idempotent = ws.finisher.isIdempotent(statement);
    return new PendingWrite<>(batchIndex, statement, size, idempotent,
        ws.router.keyOf(statement, partition, idempotent), partition, BoundedWindow.TIMESTAMP_MIN_VALUE,
        GlobalWindow.INSTANCE, PaneInfo.NO_FIRING);
  }

}
