package io.cassandraio.internal.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.MicroBatch;
import io.cassandraio.internal.execution.AsyncWriter;
import io.cassandraio.internal.execution.OnFailure;
import io.cassandraio.internal.grouping.PendingWrite;
import io.cassandraio.internal.grouping.WriteUnit;
import io.cassandraio.internal.keyspaces.KeyspacesTables;
import io.cassandraio.internal.replay.MicroBatchWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes micro-batches through the normal routing, grouping and execution path, each statement
 * at the batch's fixed write timestamp; a statement is identified by its batch's index.
 */
final class RoutedMicroBatchWriter<T> implements MicroBatchWriter<T> {
  /** Statements without a routing key are ranked together: their order is kept too. */
  private static final Object NO_ROUTING_KEY = new Object();

  private final WriteSession<T> ws;
  /** Non-null on Amazon Keyspaces, where each table written must keep client-side timestamps. */
  private final @Nullable KeyspacesTables keyspaces;
  /** The write, for messages. */
  private final String sink;

  RoutedMicroBatchWriter(WriteSession<T> ws, @Nullable KeyspacesTables keyspaces, String sink) {
    this.ws = ws;
    this.keyspaces = keyspaces;
    this.sink = sink;
  }

  @Override
  public Outcome write(List<MicroBatch<T>> batches) {
    List<PendingWrite<Integer>> writes = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      MicroBatch<T> batch = batches.get(b);
      Map<Object, Integer> rowsPerPartition = new HashMap<>();
      for (T element : batch.elements()) {
        BoundStatement statement = atFixedTimestamp(ws.statementFor(element), batch, rowsPerPartition);
        writes.add(ws.pendingWrite(b, statement, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE,
            PaneInfo.NO_FIRING));
      }
    }
    List<WriteUnit<Integer>> units = ws.grouper.group(writes);
    // A writer per call: a unit of an earlier call that failed part-way must not be taken for one
    // of these batches (its index would name another batch).
    AsyncWriter<Integer> writer = ws.newWriter(OnFailure.SEND_ALL);
    boolean interrupted = false;
    RuntimeException stoppedBy = null;
    int sent = 0;
    try {
      while (sent < units.size()) {
        try {
          writer.submit(units.get(sent));
          sent++;
        } catch (InterruptedException e) {
          interrupted = true; // finish first; the flag is restored below
        } catch (RuntimeException e) {
          stoppedBy = e;
          break;
        }
      }
      while (true) {
        try {
          writer.awaitAll();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (RuntimeException e) { // a retry refused by the listener: reported as a failure too
          stoppedBy = stoppedBy == null ? e : stoppedBy;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    ws.logRetries(writer);
    List<AsyncWriter.Failure<Integer>> failures = writer.takeFailures();
    Set<Integer> incomplete = new HashSet<>();
    failures.forEach(f -> incomplete.add(f.write().element()));
    for (WriteUnit<Integer> unsent : units.subList(sent, units.size())) {
      unsent.writes().forEach(w -> incomplete.add(w.element()));
    }
    return new Outcome(incomplete, failures.isEmpty() ? null : failures.get(0).error(), stoppedBy);
  }

  /**
   * The batch's base timestamp plus the number of earlier elements of the same partition in the
   * batch: later writes to a cell win over earlier ones as without batching, elements of
   * different partitions share a timestamp (so they can share an UNLOGGED batch, which has one),
   * and a replay computes the same timestamps. The fixed timestamp makes a rewritten batch a
   * no-op for upserts; Cassandra refuses custom timestamps on counter updates, which stay
   * protected by the checkpoint table alone.
   */
  private BoundStatement atFixedTimestamp(BoundStatement statement, MicroBatch<T> batch,
      Map<Object, Integer> rowsPerPartition) {
    if (ws.finisher.isCounterUpdate(statement)) {
      return statement;
    }
    if (keyspaces != null) { // before anything is sent: the bundle fails naming the ALTER TABLE
      keyspaces.requireClientSideTimestamps(statement, sink);
    }
    ByteBuffer partition = statement.getRoutingKey();
    int rank = rowsPerPartition.merge(partition == null ? NO_ROUTING_KEY : partition, 1, Integer::sum) - 1;
    return statement.setQueryTimestamp(batch.timestampOf(rank));
  }
}
