package io.cassandraio.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.cassandraio.internal.Background;
import io.cassandraio.internal.execution.FakeExecutor.Request;
import io.cassandraio.internal.grouping.PendingWrite;
import io.cassandraio.internal.grouping.WriteUnit;
import io.cassandraio.internal.result.WriteMetrics;
import io.cassandraio.internal.result.WriteStats;
import io.cassandraio.listener.SentRequestListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.Test;

/**
 * The writer against a {@link FakeExecutor}: the test decides when and how each request ends, so
 * every assertion is about counts and values, never about time. Retries use zero backoff.
 */
public class AsyncWriterTest {
  private static final RetrySchedule THREE_ATTEMPTS = new RetrySchedule(3, Duration.ZERO, Duration.ZERO);
  private static final ExecutionLimits ROOMY = ExecutionLimits.defaults();

  private final FakeExecutor executor = new FakeExecutor();
  private final WriteMetrics metrics = new WriteMetrics();

  private AsyncWriter<String> writer(ExecutionLimits limits, boolean report, SentRequestListener listener) {
    return new AsyncWriter<>(executor, limits, THREE_ATTEMPTS, report ? OnFailure.REPORT_EACH : OnFailure.STOP_AT_FIRST,
        metrics, listener);
  }

  private AsyncWriter<String> writer(ExecutionLimits limits) {
    return writer(limits, false, null);
  }

  private static ExecutionLimits requests(int n) {
    return ROOMY.withMaxInFlightRequests(n);
  }

  private static WriteTimeoutException writeTimeout() {
    return new WriteTimeoutException(null, ConsistencyLevel.LOCAL_QUORUM, 1, 2, WriteType.SIMPLE);
  }

  private static List<String> elements(List<AsyncWriter.Failure<String>> failures) {
    return failures.stream().map(f -> f.write().element()).toList();
  }

  private static Background<Void> awaitAll(AsyncWriter<String> writer) {
    return Background.run("awaitAll", writer::awaitAll);
  }

  // ---- the window ----

  @Test
  public void neverMoreThanMaxInFlightRequestsAndANewOneGoesOutAsSoonAsAnyOneCompletes() throws Exception {
    AsyncWriter<String> writer = writer(requests(3));
    List<WriteUnit<String>> units = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      units.add(executor.single(executor.write("e" + i)));
    }
    Background<Void> submitter = Background.run("submitter", () -> {
      for (WriteUnit<String> u : units) {
        writer.submit(u);
      }
      writer.awaitAll();
    });

    Request r1 = executor.next();
    Request r2 = executor.next();
    Request r3 = executor.next();
    submitter.awaitBlockedIn("InFlightWindow.acquire");
    assertEquals("the fourth waits for room", 3, executor.executedCount());
    assertEquals(0, executor.unclaimed());

    r2.succeed(); // one of three, not the oldest
    Request r4 = executor.next();
    assertEquals("e3", r4.name());
    assertEquals("e3 went out while e0 and e2 were still in flight", 3, executor.inFlight());

    Deque<Request> open = new ArrayDeque<>(List.of(r1, r3, r4));
    int taken = 4;
    while (!open.isEmpty()) {
      open.poll().succeed();
      if (taken < units.size()) {
        open.add(executor.next());
        taken++;
      }
    }
    submitter.get();

    assertEquals(3, executor.maxInFlight());
    assertEquals(10, executor.executedCount());
    assertTrue(writer.takeFailures().isEmpty());
    assertEquals(10, metrics.take().rowsWritten());
  }

  @Test
  public void theBytesInFlightNeverExceedTheByteBound() throws Exception {
    // 4 KiB of room; 1.5 KiB requests: two fit (3000 bytes), a third would make 4500.
    AsyncWriter<String> writer = writer(ROOMY.withMaxInFlightBytes(4096));
    List<WriteUnit<String>> units = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      units.add(executor.single(executor.write("e" + i, 1500, true)));
    }
    Background<Void> submitter = Background.run("submitter", () -> {
      for (WriteUnit<String> u : units) {
        writer.submit(u);
      }
      writer.awaitAll();
    });

    Deque<Request> open = new ArrayDeque<>(List.of(executor.next(), executor.next()));
    submitter.awaitBlockedIn("InFlightWindow.acquire");
    assertEquals("the third waits for bytes", 2, executor.executedCount());
    int taken = 2;
    while (!open.isEmpty()) {
      open.poll().succeed();
      if (taken < units.size()) {
        open.add(executor.next());
        taken++;
      }
    }
    submitter.get();

    assertEquals(3000, executor.maxInFlightBytes());
    assertEquals(2, executor.maxInFlight());
    assertEquals(6, metrics.take().rowsWritten());
  }

  @Test
  public void aRequestLargerThanTheWholeWindowGoesOutAloneAndIsNotRefused() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY.withMaxInFlightBytes(4096));
    WriteUnit<String> big = executor.single(executor.write("big", 10_000, true));
    WriteUnit<String> small = executor.single(executor.write("small", 100, true));
    Background<Void> submitter = Background.run("submitter", () -> {
      writer.submit(big);
      writer.submit(small);
      writer.awaitAll();
    });

    Request first = executor.next();
    assertEquals("big", first.name());
    submitter.awaitBlockedIn("InFlightWindow.acquire");
    assertEquals("small waits until big is done", 1, executor.executedCount());
    first.succeed();
    Request second = executor.next();
    assertEquals("small", second.name());
    second.succeed();
    submitter.get();
    assertEquals(1, executor.maxInFlight());
  }

  // ---- retries ----

  @Test
  public void retriesATransientErrorUpToMaxAttemptsThenReportsTheUnwrappedCause() throws Exception {
    List<Supplier<RuntimeException>> transientErrors = List.of(
        AsyncWriterTest::writeTimeout,
        () -> new UnavailableException(null, ConsistencyLevel.LOCAL_QUORUM, 2, 1),
        () -> new DriverTimeoutException("client timeout"));
    for (Supplier<RuntimeException> makeError : transientErrors) {
      FakeExecutor executor = new FakeExecutor();
      WriteMetrics metrics = new WriteMetrics();
      AsyncWriter<String> writer = new AsyncWriter<>(executor, ROOMY, THREE_ATTEMPTS, OnFailure.STOP_AT_FIRST, metrics, null);
      PendingWrite<String> w = executor.write("a");
      RuntimeException error = makeError.get();
      String what = error.getClass().getSimpleName();

      writer.submit(executor.single(w));
      Request attempt1 = executor.next();
      Background<Void> awaiting = awaitAll(writer);
      attempt1.fail(new CompletionException(error)); // as the driver's futures may wrap it
      Request attempt2 = executor.next();
      assertSame(what, w.statement(), attempt2.statement);
      assertFalse(what + ": awaitAll must wait for the retry", awaiting.isDone());
      attempt2.fail(error);
      Request attempt3 = executor.next();
      assertFalse(what + ": awaitAll must wait for the retry", awaiting.isDone());
      attempt3.fail(new CompletionException(error));
      awaiting.get();

      assertEquals(what, 3, executor.executedCount());
      List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
      assertEquals(what, List.of("a"), elements(failures));
      assertSame(what + ": the cause, unwrapped", error, failures.get(0).error());
      WriteStats stats = metrics.take();
      assertEquals(what, 2, stats.statementsRetried());
      assertEquals(what, 1, stats.failedElements());
      assertEquals(what, 0, stats.rowsWritten());
    }
  }

  @Test
  public void aRetryThatSucceedsIsWrittenOnceAndReportsNothing() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY);
    writer.submit(executor.single(executor.write("a")));
    Background<Void> awaiting = awaitAll(writer);
    executor.next().fail(writeTimeout());
    executor.next().succeed();
    awaiting.get();

    assertTrue(writer.takeFailures().isEmpty());
    WriteStats stats = metrics.take();
    assertEquals(1, stats.rowsWritten());
    assertEquals(1, stats.statementsRetried());
    assertEquals(0, stats.failedElements());
    assertEquals(2, executor.executedCount());
  }

  @Test
  public void neverRetriesANonIdempotentUnit() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY);
    WriteTimeoutException timeout = writeTimeout();
    writer.submit(executor.single(executor.write("counter+1", 100, false)));
    executor.next().fail(timeout);
    awaitAll(writer).get();

    assertEquals("one attempt only: the first may have been applied", 1, executor.executedCount());
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("counter+1"), elements(failures));
    assertSame(timeout, failures.get(0).error());
    WriteStats stats = metrics.take();
    assertEquals(0, stats.statementsRetried());
    assertEquals(1, stats.failedElements());
  }

  @Test
  public void neverRetriesAPermanentError() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY);
    InvalidQueryException invalid = new InvalidQueryException(null, "unknown column");
    writer.submit(executor.single(executor.write("a")));
    executor.next().fail(invalid);
    awaitAll(writer).get();

    assertEquals(1, executor.executedCount());
    assertSame(invalid, writer.takeFailures().get(0).error());
    assertEquals(0, metrics.take().statementsRetried());
  }

  // ---- FAIL and REPORT modes ----

  @Test
  public void inFailModeAFailedBatchFailsEveryElementOfIt() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY, false, null);
    InvalidQueryException invalid = new InvalidQueryException(null, "bad value");
    writer.submit(executor.batch(executor.write("a"), executor.write("b"), executor.write("c")));
    executor.next().fail(invalid);
    awaitAll(writer).get();

    assertEquals("not split", 1, executor.executedCount());
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("a", "b", "c"), elements(failures));
    failures.forEach(f -> assertSame(invalid, f.error()));
    assertEquals(3, metrics.take().failedElements());
  }

  @Test
  public void inReportModeAFailedBatchIsSplitAndOnlyTheBadStatementsAreReported() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY, true, null);
    WriteUnit<String> batch = executor.batch(executor.write("a"), executor.write("b"), executor.write("c"));
    writer.submit(batch);
    Request batchRequest = executor.next();
    assertTrue(batchRequest.statement instanceof BatchStatement);
    Background<Void> awaiting = awaitAll(writer);
    batchRequest.fail(new InvalidQueryException(null, "bad value in b"));

    InvalidQueryException badB = new InvalidQueryException(null, "b is bad");
    List<String> singles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Request single = executor.next();
      assertTrue(single.statement instanceof BoundStatement);
      singles.add(single.name());
      if (single.name().equals("b")) {
        single.fail(badB);
      } else {
        single.succeed();
      }
    }
    awaiting.get();

    assertEquals(List.of("a", "b", "c"), singles);
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("b"), elements(failures));
    assertSame(badB, failures.get(0).error());
    WriteStats stats = metrics.take();
    assertEquals(2, stats.rowsWritten());
    assertEquals(1, stats.failedElements());
    assertEquals(0, stats.batchesWritten());
  }

  @Test
  public void inReportModeABatchThatKeepsTimingOutFailsEachElementOnceItsAttemptsAreSpent() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY, true, null);
    writer.submit(executor.batch(executor.write("a"), executor.write("b")));
    Background<Void> awaiting = awaitAll(writer);
    for (int attempt = 1; attempt <= 3; attempt++) {
      Request r = executor.next();
      assertEquals("a+b", r.name());
      r.fail(writeTimeout());
    }
    awaiting.get();

    assertEquals("three attempts per element in all: no split after the last", 3, executor.executedCount());
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("a", "b"), elements(failures));
    assertTrue("timed out: it may have been applied", failures.stream().allMatch(AsyncWriter.Failure::outcomeUnknown));
    WriteStats stats = metrics.take();
    assertEquals("two retries of a two-statement batch", 4, stats.statementsRetried());
    assertEquals(0, stats.rowsWritten());
    assertEquals(2, stats.failedElements());
  }

  @Test
  public void theStatementsOfASplitBatchGoOnWithTheAttemptsItLeft() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY, true, null);
    writer.submit(executor.batch(executor.write("a"), executor.write("b")));
    Background<Void> awaiting = awaitAll(writer);
    // attempt 1 of a and b; an error retrying cannot cure, after which either may have been applied
    executor.next().fail(new com.datastax.oss.driver.api.core.servererrors.ServerError(null, "internal error"));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // a twice (attempts 2 and 3), b once
      Request r = executor.next();
      sent.add(r.name());
      if (r.name().equals("a")) {
        r.fail(writeTimeout());
      } else {
        r.succeed();
      }
    }
    awaiting.get();

    assertEquals(4, executor.executedCount());
    assertEquals("a after the batch: 2 more attempts, 3 in all", 2, sent.stream().filter("a"::equals).count());
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("a"), elements(failures));
    assertTrue(failures.get(0).outcomeUnknown());
    assertEquals(new AsyncWriter.Tally(1, 1, 0, 1), writer.tally());
  }

  @Test
  public void unavailableReplicasLeaveNoDoubtThatNothingWasApplied() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY, true, null);
    writer.submit(executor.single(executor.write("a")));
    writer.submit(executor.single(executor.write("b")));
    Background<Void> awaiting = awaitAll(writer);
    for (int i = 0; i < 6; i++) {
      Request r = executor.next();
      boolean bTimesOutFirst = r.name().equals("b") && i < 2;
      r.fail(bTimesOutFirst ? writeTimeout() : new UnavailableException(null, ConsistencyLevel.ALL, 3, 2));
    }
    awaiting.get();

    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(2, failures.size());
    for (AsyncWriter.Failure<String> f : failures) {
      assertEquals(f.write().element() + ": unknown only after a timeout", f.write().element().equals("b"),
          f.outcomeUnknown());
    }
  }

  @Test
  public void withOneAttemptABatchRefusedAsInvalidIsStillSplitToFindTheBadElement() throws Exception {
    AsyncWriter<String> writer = new AsyncWriter<>(executor, ROOMY, new RetrySchedule(1, Duration.ZERO, Duration.ZERO),
        OnFailure.REPORT_EACH, metrics, null);
    writer.submit(executor.batch(executor.write("a"), executor.write("b")));
    Background<Void> awaiting = awaitAll(writer);
    executor.next().fail(new InvalidQueryException(null, "bad value in b"));
    InvalidQueryException badB = new InvalidQueryException(null, "b is bad");
    for (int i = 0; i < 2; i++) {
      Request r = executor.next();
      if (r.name().equals("b")) {
        r.fail(badB);
      } else {
        r.succeed();
      }
    }
    awaiting.get();

    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("b"), elements(failures));
    assertFalse(failures.get(0).outcomeUnknown());
    assertEquals("a refused batch costs nothing; each statement then gets its one attempt", 3, executor.executedCount());
  }

  @Test
  public void aMultiPartitionBatchThatFoundTooFewReplicasMayHaveBeenPartlyApplied() throws Exception {
    AsyncWriter<String> writer = new AsyncWriter<>(executor, ROOMY, new RetrySchedule(1, Duration.ZERO, Duration.ZERO),
        OnFailure.REPORT_EACH, metrics, null);
    writer.submit(executor.batch(executor.write("a"), executor.write("b"))); // two partitions
    executor.next().fail(new UnavailableException(null, ConsistencyLevel.ALL, 3, 2));
    awaitAll(writer).get();

    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("a", "b"), elements(failures));
    assertTrue("the coordinator may have sent a's mutation before finding b's replicas down",
        failures.stream().allMatch(AsyncWriter.Failure::outcomeUnknown));
  }

  @Test
  public void withSendAllNoFailureStopsTheOtherUnits() throws Exception {
    AsyncWriter<String> writer = new AsyncWriter<>(executor, ROOMY, THREE_ATTEMPTS, OnFailure.SEND_ALL, metrics, null);
    writer.submit(executor.single(executor.write("bad")));
    executor.next().fail(new InvalidQueryException(null, "bad value"));
    writer.submit(executor.single(executor.write("next")));
    executor.next().succeed();
    awaitAll(writer).get();

    assertEquals(null, writer.stoppedBy());
    assertEquals(List.of("bad"), elements(writer.takeFailures()));
    assertEquals(new AsyncWriter.Tally(1, 1, 0, 0), writer.tally());
  }

  @Test
  public void inFailModeTheFirstFailureStopsTheWriterAndDropsWhatWaits() throws Exception {
    RetrySchedule slowRetries = new RetrySchedule(3, Duration.ofMinutes(10), Duration.ofMinutes(10));
    AsyncWriter<String> writer = new AsyncWriter<>(executor, ROOMY, slowRetries, OnFailure.STOP_AT_FIRST, metrics, null);
    writer.submit(executor.single(executor.write("late")));
    writer.submit(executor.single(executor.write("bad")));
    writer.submit(executor.single(executor.write("good")));
    executor.next().fail(writeTimeout()); // "late" waits minutes for its retry
    InvalidQueryException invalid = new InvalidQueryException(null, "bad value");
    executor.next().fail(invalid);
    assertSame(invalid, writer.stoppedBy());
    writer.submit(executor.single(executor.write("after"))); // not sent
    executor.next().succeed(); // "good" was in flight: awaited, written
    awaitAll(writer).get(); // does not wait for the retry's backoff

    assertEquals("neither the retry nor the unit after the failure went out", 3, executor.executedCount());
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals("the failure that stopped it comes first", "bad", failures.get(0).write().element());
    assertEquals(List.of("bad", "after", "late"), elements(failures));
    assertTrue("late timed out once", failures.get(2).outcomeUnknown());
    assertFalse(failures.get(1).outcomeUnknown());
    assertEquals(new AsyncWriter.Tally(1, 1, 2, 1), writer.tally());
  }

  // ---- the listener ----

  @Test
  public void theListenerSeesTheStatementsOfEveryRequestRetriesIncluded() throws Exception {
    List<List<BoundStatement>> seen = Collections.synchronizedList(new ArrayList<>());
    AsyncWriter<String> writer = writer(ROOMY, false, seen::add);
    PendingWrite<String> a = executor.write("a");
    PendingWrite<String> b = executor.write("b");
    PendingWrite<String> c = executor.write("c");

    writer.submit(executor.single(a));
    writer.submit(executor.batch(b, c));
    Background<Void> awaiting = awaitAll(writer);
    executor.next().fail(writeTimeout()); // a, retried
    executor.next().succeed(); // b+c
    executor.next().succeed(); // a again
    awaiting.get();

    assertEquals(List.of(List.of(a.statement()), List.of(b.statement(), c.statement()), List.of(a.statement())),
        seen);
  }

  @Test
  public void anExceptionFromTheListenerFailsSubmitWithoutKeepingItsRoom() throws Exception {
    RuntimeException refused = new IllegalStateException("injected by the listener");
    AtomicInteger calls = new AtomicInteger();
    AsyncWriter<String> writer = writer(requests(1), false, statements -> {
      if (calls.incrementAndGet() == 1) {
        throw refused;
      }
    });

    RuntimeException thrown = assertThrows(RuntimeException.class,
        () -> writer.submit(executor.single(executor.write("a"))));
    assertSame(refused, thrown);
    assertEquals("not sent", 0, executor.executedCount());

    // With one request of room, this would wait forever if the refused request had kept it.
    Background<Void> next = Background.run("submitter", () -> {
      writer.submit(executor.single(executor.write("b")));
      writer.awaitAll();
    });
    Request b = executor.next();
    assertEquals("b", b.name());
    b.succeed();
    next.get(); // awaitAll returns: the refused request is not waited for

    assertTrue(writer.takeFailures().isEmpty());
    assertEquals(1, metrics.take().rowsWritten());
  }

  @Test
  public void aRetryRefusedByTheListenerIsReportedAsAFailureNotDropped() throws Exception {
    RuntimeException refused = new IllegalStateException("injected on the second request");
    AtomicInteger calls = new AtomicInteger();
    AsyncWriter<String> writer = writer(ROOMY, false, statements -> {
      if (calls.incrementAndGet() == 2) {
        throw refused;
      }
    });

    writer.submit(executor.single(executor.write("a")));
    executor.next().fail(writeTimeout()); // a's retry waits in the resend queue
    // The next submit sends a's retry first: the listener refuses it, and submit fails.
    RuntimeException thrown = assertThrows(RuntimeException.class,
        () -> writer.submit(executor.single(executor.write("b"))));
    assertSame(refused, thrown);
    awaitAll(writer).get();

    assertEquals("a once, then nothing", 1, executor.executedCount());
    // The caller of submit("b") knows that b was not sent; only the writer knows about a, which
    // was submitted earlier and never written: it must come out as a failure (an exactly-once
    // flush would otherwise record a's micro-batch as complete).
    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("a"), elements(failures));
    assertSame(refused, failures.get(0).error());
    assertEquals(1, metrics.take().failedElements());
  }

  // ---- the executor ----

  @Test
  public void anExecutorThatThrowsIsAFailedRequestAndGivesItsRoomBack() throws Exception {
    AsyncWriter<String> writer = writer(requests(1), true, null); // REPORT: FAIL would stop at "a"
    IllegalStateException closed = new IllegalStateException("Session is closed");
    executor.throwOnNextExecute(() -> closed);

    writer.submit(executor.single(executor.write("a"))); // does not throw: reported like any failed request
    Background<Void> next = Background.run("submitter", () -> {
      writer.submit(executor.single(executor.write("b")));
      writer.awaitAll();
    });
    executor.next().succeed();
    next.get();

    List<AsyncWriter.Failure<String>> failures = writer.takeFailures();
    assertEquals(List.of("a"), elements(failures));
    assertSame(closed, failures.get(0).error());
    WriteStats stats = metrics.take();
    assertEquals(1, stats.rowsWritten());
    assertEquals(1, stats.failedElements());
  }

  @Test
  public void anExecutorThatThrowsATransientErrorIsRetried() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY);
    executor.throwOnNextExecute(() -> new DriverTimeoutException("no connection available"));
    writer.submit(executor.single(executor.write("a")));
    Background<Void> awaiting = awaitAll(writer);
    Request retry = executor.next();
    assertEquals("a", retry.name());
    retry.succeed();
    awaiting.get();

    assertEquals(2, executor.executedCount());
    assertTrue(writer.takeFailures().isEmpty());
    WriteStats stats = metrics.take();
    assertEquals(1, stats.statementsRetried());
    assertEquals(1, stats.rowsWritten());
  }

  // ---- metrics ----

  @Test
  public void metricsCountRowsBatchesRetriesAndFailures() throws Exception {
    AsyncWriter<String> writer = writer(ROOMY, true, null); // REPORT: FAIL would drop d's retry after e
    writer.submit(executor.single(executor.write("a")));
    writer.submit(executor.batch(executor.write("b"), executor.write("c")));
    writer.submit(executor.single(executor.write("d")));
    writer.submit(executor.single(executor.write("e", 100, false)));
    Background<Void> awaiting = awaitAll(writer);
    executor.next().succeed(); // a
    executor.next().succeed(); // b+c
    executor.next().fail(writeTimeout()); // d, retried
    executor.next().fail(writeTimeout()); // e, not idempotent: failed
    Request dAgain = executor.next();
    assertEquals("d", dAgain.name());
    dAgain.succeed();
    awaiting.get();

    WriteStats stats = metrics.take();
    assertEquals("a, b, c and d", 4, stats.rowsWritten());
    assertEquals(1, stats.batchesWritten());
    assertEquals(1, stats.statementsRetried());
    assertEquals(1, stats.failedElements());
    assertEquals("a request per success: sizes 1, 2 and 1", new WriteStats.Summary(4, 3, 1, 2), stats.batchSize());
    assertEquals(3, stats.requestLatencyMs().count());
    assertEquals(List.of("e"), elements(writer.takeFailures()));
    assertTrue("takeFailures removes them", writer.takeFailures().isEmpty());
  }
}
