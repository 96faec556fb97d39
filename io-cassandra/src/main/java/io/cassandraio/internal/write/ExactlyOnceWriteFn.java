package io.cassandraio.internal.write;

import io.cassandraio.MicroBatch;
import io.cassandraio.internal.keyspaces.KeyspacesTables;
import io.cassandraio.internal.replay.BatchCommitter;
import io.cassandraio.internal.replay.BatchFingerprint;
import io.cassandraio.internal.replay.CheckpointTable;
import io.cassandraio.internal.replay.ExactlyOnceSpec;
import io.cassandraio.internal.result.WriteStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of exactly-once: hands the bundle's micro-batches to the {@link BatchCommitter}, which
 * writes those whose id is not in the checkpoint table and records them. {@code
 * @RequiresStableInput}: a replay sees the same batches with the same contents.
 */
final class ExactlyOnceWriteFn<T> extends DoFn<MicroBatch<T>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceWriteFn.class);

  private final WriteSpec<T> spec;
  private final TupleTag<WriteStats> statsTag;
  private final Coder<T> elementCoder;

  private transient @Nullable WriteSession<T> ws;
  private transient BatchCommitter<T> committer;
  private transient List<MicroBatch<T>> pending;
  private transient int pendingElements;
  private transient long written;
  private transient Set<BoundedWindow> windows;

  ExactlyOnceWriteFn(WriteSpec<T> spec, TupleTag<WriteStats> statsTag, Coder<T> elementCoder) {
    this.spec = spec;
    this.statsTag = statsTag;
    this.elementCoder = elementCoder;
  }

  @Setup
  public void setup() {
    ws = WriteSession.open(spec, this);
    ExactlyOnceSpec eo = spec.exactlyOnce();
    CheckpointTable table;
    KeyspacesTables keyspaces;
    try {
      boolean preset = spec.connection().amazonKeyspacesRegion() != null;
      keyspaces = ws.lease.<Optional<KeyspacesTables>>perSession("amazon-keyspaces",
          session -> Optional.ofNullable(KeyspacesTables.of(session, preset))).orElse(null);
      table = ws.lease.perSession("checkpoint-table:" + eo.checkpointTable(),
          // CQL forms: a reserved word or a quoted name arrives quoted.
          session -> CheckpointTable.open(session, eo.checkpointTable().keyspaceId().asCql(true),
              eo.checkpointTable().tableId().asCql(true),
              eo.replication(), eo.createTable(), eo.consistencyLevel(), eo.recordTtl(), keyspaces,
              spec.connection().username()));
    } catch (RuntimeException e) {
      // A runner need not call @Teardown after a failed @Setup.
      ws.close();
      ws = null;
      throw e;
    }
    String sink = spec.describe() + ".withExactlyOnce(\"" + eo.sinkId() + "\")";
    committer = new BatchCommitter<>(sink, table, new RoutedMicroBatchWriter<>(ws, keyspaces, sink), fingerprints(sink),
        eo.listener(),
        ws.metrics, ws::bundleFailed, spec.retrySchedule());
    pending = new ArrayList<>();
    windows = new HashSet<>();
  }

  /** Fingerprints need bytes that depend only on the value; without them no replay is judged changed. */
  private Function<List<T>, @Nullable Long> fingerprints(String sink) {
    try {
      elementCoder.verifyDeterministic();
      Coder<T> coder = elementCoder;
      return elements -> BatchFingerprint.of(elements, coder);
    } catch (Coder.NonDeterministicException e) {
      LOG.warn("{}: the element coder {} is not deterministic ({}), so micro-batches are recorded without a "
          + "fingerprint of their contents and a replay with other contents cannot be told from a replay; use a "
          + "deterministic coder to have it checked", sink, elementCoder, e.getMessage());
      return elements -> null;
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
  public void processElement(@Element MicroBatch<T> batch, BoundedWindow window) throws InterruptedException {
    pending.add(batch);
    pendingElements += batch.elements().size();
    windows.add(window);
    if (pendingElements >= spec.executionLimits().maxBufferedStatements()) {
      flush();
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException {
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

  private void flush() throws InterruptedException {
    if (pending.isEmpty()) {
      return;
    }
    List<MicroBatch<T>> batches = pending;
    pending = new ArrayList<>();
    pendingElements = 0;
    written += committer.commit(batches);
  }
}
