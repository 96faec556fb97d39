package io.cassandraio.internal.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.internal.execution.AsyncWriter;
import io.cassandraio.internal.execution.OnFailure;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write, one bundle at a time: statement, routing, grouping, execution, result. Thin on
 * purpose; each step lives in its own package.
 */
public final class WriteFn<T> extends DoFn<T, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WriteFn.class);

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
    writer = ws.newWriter(spec.failureMode() == FailureMode.REPORT ? OnFailure.REPORT_EACH : OnFailure.STOP_AT_FIRST);
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
      out.get(failuresTag).output(FailedWrite.notApplied(element, e.getCause()));
      return;
    }
    buffer.add(ws.pendingWrite(element, statement, timestamp, window, pane));
    windows.add(window);
    bundleStatements++;
    if (buffer.size() >= spec.executionLimits().maxBufferedStatements()) {
      flush();
    }
    if (writer.stoppedBy() != null) {
      // FAIL mode and an element failed for good: the bundle is lost, stop here.
      failBundle();
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException {
    flush();
    if (spec.failureMode() == FailureMode.FAIL) {
      failBundle();
    }
    writer.awaitAll();
    ws.metrics.publish();
    ws.logRetries(writer);
    for (AsyncWriter.Failure<T> f : writer.takeFailures()) {
      PendingWrite<T> w = f.write();
      context.output(failuresTag, FailedWrite.of(w.element(), f.error(), f.outcomeUnknown()), w.timestamp(),
          w.window());
    }
    long written = writer.tally().written();
    for (BoundedWindow w : windows) {
      context.output(written, w.maxTimestamp(), w);
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
      if (writer.stoppedBy() != null) {
        break; // failBundle() counts what was not sent
      }
      writer.submit(unit);
    }
    ws.metrics.publish();
  }

  /**
   * FAIL mode: waits for the requests in flight (retries waiting for their backoff are dropped),
   * then throws if any element failed, with what the bundle did: the runner discards the metrics
   * of a failed bundle, so the numbers go into the message and the log.
   */
  private void failBundle() throws InterruptedException {
    writer.awaitAll();
    List<AsyncWriter.Failure<T>> failures = writer.takeFailures();
    if (failures.isEmpty()) {
      return;
    }
    ws.metrics.publish();
    AsyncWriter.Tally tally = writer.tally();
    long notWritten = bundleStatements - tally.written();
    Throwable first = failures.get(0).error();
    long unknown = failures.stream().filter(AsyncWriter.Failure::outcomeUnknown).count();
    String message = spec.describe() + " failed: " + notWritten + " of the " + bundleStatements
        + " statements this bundle got so far were not written to " + tableOf(failures.get(0).write().statement())
        + " (" + tally.written() + " written, " + tally.failed() + " failed after " + tally.retried() + " retries, "
        + (notWritten - tally.failed()) + " not sent once the bundle had failed"
        + (unknown > 0 ? ", " + unknown + " of them possibly applied (an attempt timed out)" : "")
        + "); the bundle fails and the runner may retry it. First cause: " + first;
    LOG.warn(message);
    throw ws.bundleFailed(message, first);
  }

  private static String tableOf(BoundStatement s) {
    var vars = s.getPreparedStatement().getVariableDefinitions();
    return vars.size() == 0 ? "?" : vars.get(0).getKeyspace().asInternal() + "." + vars.get(0).getTable().asInternal();
  }
}
