package io.cassandraio;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.execution.AsyncWriter;
import io.cassandraio.grouping.PendingWrite;
import io.cassandraio.grouping.StatementSize;
import io.cassandraio.grouping.WriteUnit;
import io.cassandraio.result.FailedWrite;
import io.cassandraio.statement.InvalidWriteConfigurationException;
import io.cassandraio.statement.StatementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The write, one bundle at a time: statement, routing, grouping, execution, result. Thin on
 * purpose; each step lives in its own package.
 */
final class WriteFn<T> extends DoFn<T, Long> {
  private static final long serialVersionUID = 1L;

  private final CassandraIO.Write<T> spec;
  private final StatementFactory<T> statements;
  private final TupleTag<FailedWrite<T>> failuresTag;

  private transient @Nullable WriteSession<T> ws;
  private transient AsyncWriter<T> writer;
  private transient List<PendingWrite<T>> buffer;
  private transient Set<BoundedWindow> windows;
  private transient long bundleStatements;

  WriteFn(CassandraIO.Write<T> spec, StatementFactory<T> statements, TupleTag<FailedWrite<T>> failuresTag) {
    this.spec = spec;
    this.statements = statements;
    this.failuresTag = failuresTag;
  }

  @Setup
  public void setup() {
    ws = WriteSession.open(spec, statements, this);
    writer = ws.newWriter();
    buffer = new ArrayList<>();
    windows = new HashSet<>();
  }

  @StartBundle
  public void startBundle() {
    ws.router.refresh();
    buffer.clear();
    windows.clear();
    bundleStatements = 0;
  }

  @ProcessElement
  public void processElement(@Element T element, @Timestamp Instant timestamp, BoundedWindow window,
      PaneInfo pane, MultiOutputReceiver out) throws InterruptedException {
    BoundStatement statement;
    try {
      statement = ws.finisher.finish(element, ws.maker.make(element));
    } catch (InvalidWriteConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      if (spec.failureMode() == FailureMode.REPORT) {
        ws.metrics.failed(1);
        out.get(failuresTag).output(FailedWrite.of(element, e));
        return;
      }
      throw new IllegalArgumentException("CassandraIO.write(" + statements.describe()
          + "): cannot make a statement for element " + element + ": " + e.getMessage(), e);
    }
    int size = StatementSize.estimate(statement);
    boolean idempotent = ws.finisher.isIdempotent(statement);
    ByteBuffer partition = statement.getRoutingKey();
    buffer.add(new PendingWrite<>(element, statement, size, idempotent,
        ws.router.keyOf(statement, partition, idempotent), partition, timestamp, window, pane));
    windows.add(window);
    bundleStatements++;
    if (buffer.size() >= spec.executionLimits().maxBufferedStatements()) {
      flush();
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException {
    flush();
    writer.awaitAll();
    ws.metrics.publish();
    List<AsyncWriter.Failure<T>> failures = writer.takeFailures();
    if (!failures.isEmpty() && spec.failureMode() == FailureMode.FAIL) {
      if (ws.lease.session().isClosed()) {
        ws.lease.markBroken();
      }
      Throwable first = failures.get(0).error();
      throw new CassandraWriteException("CassandraIO.write(" + statements.describe() + ") failed: "
          + failures.size() + " of " + bundleStatements + " statements in this bundle were not "
          + "written to " + tableOf(failures.get(0).write().statement()) + "; first cause: " + first, first);
    }
    for (AsyncWriter.Failure<T> f : failures) {
      PendingWrite<T> w = f.write();
      context.output(failuresTag, FailedWrite.of(w.element(), f.error()), w.timestamp(), w.window());
    }
    for (BoundedWindow w : windows) {
      context.output(bundleStatements, w.maxTimestamp(), w);
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
    if (buffer.isEmpty()) {
      return;
    }
    List<WriteUnit<T>> units = ws.grouper.group(buffer);
    buffer = new ArrayList<>();
    for (WriteUnit<T> unit : units) {
      writer.submit(unit);
    }
    ws.metrics.publish();
  }

  private static String tableOf(BoundStatement s) {
    var vars = s.getPreparedStatement().getVariableDefinitions();
    return vars.size() == 0 ? "?" : vars.get(0).getKeyspace().asInternal() + "." + vars.get(0).getTable().asInternal();
  }
}
