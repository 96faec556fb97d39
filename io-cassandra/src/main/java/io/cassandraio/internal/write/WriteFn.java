package io.cassandraio.internal.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.internal.execution.AsyncWriter;
import io.cassandraio.internal.grouping.PendingWrite;
import io.cassandraio.internal.grouping.WriteUnit;
import io.cassandraio.internal.write.WriteSession.ElementStatementException;
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
public final class WriteFn<T> extends DoFn<T, Long> {
  private static final long serialVersionUID = 1L;

  private final WriteSpec<T> spec;
  private final TupleTag<FailedWrite<T>> failuresTag;

  private transient @Nullable WriteSession<T> ws;
  private transient AsyncWriter<T> writer;
  private transient List<PendingWrite<T>> buffer;
  private transient Set<BoundedWindow> windows;
  private transient long bundleStatements;

  public WriteFn(WriteSpec<T> spec, TupleTag<FailedWrite<T>> failuresTag) {
    this.spec = spec;
    this.failuresTag = failuresTag;
  }

  @Setup
  public void setup() {
    ws = WriteSession.open(spec, this);
    buffer = new ArrayList<>();
    windows = new HashSet<>();
  }

  @StartBundle
  public void startBundle() {
    ws.router.refresh();
    // A writer per bundle: requests and failures of a bundle that failed part-way (the runner
    // retries it) must not land in the next one.
    writer = ws.newWriter();
    buffer.clear();
    windows.clear();
    bundleStatements = 0;
  }

  @ProcessElement
  public void processElement(@Element T element, @Timestamp Instant timestamp, BoundedWindow window,
      PaneInfo pane, MultiOutputReceiver out) throws InterruptedException {
    BoundStatement statement;
    try {
      statement = ws.statementFor(element);
    } catch (ElementStatementException e) {
      if (spec.failureMode() == FailureMode.FAIL) {
        throw e;
      }
      ws.metrics.failed(1);
      out.get(failuresTag).output(FailedWrite.of(element, e.getCause()));
      return;
    }
    buffer.add(ws.pendingWrite(element, statement, timestamp, window, pane));
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
      Throwable first = failures.get(0).error();
      throw ws.bundleFailed(spec.describe() + " failed: " + failures.size() + " of " + bundleStatements
          + " statements in this bundle were not written to " + tableOf(failures.get(0).write().statement())
          + "; first cause: " + first, first);
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
