package io.cassandraio.internal.execution;

import io.cassandraio.internal.grouping.PendingWrite;
import io.cassandraio.internal.grouping.WriteUnit;
import io.cassandraio.internal.result.WriteMetrics;
import io.cassandraio.listener.SentRequestListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sends write units asynchronously under an {@link InFlightWindow}, never "send N, then wait for
 * all". A failed request is retried, split or failed as {@link AfterFailure} decides.
 *
 * <p>What follows a failure for good is {@link OnFailure}'s: REPORT mode tries every element
 * within its budget of attempts and hands back the ones that failed; FAIL mode stops at the first
 * (the bundle is lost anyway, so nothing more is sent: requests already in flight are awaited,
 * queued retries and later units are dropped as "not sent"); exactly-once sends everything.
 *
 * <p>Only the owning (DoFn) thread sends. Driver callbacks never block: a request to retry after
 * its backoff, or a failed batch split into single statements, goes into a {@link ResendQueue}
 * that the owning thread drains on its next {@link #submit} or in {@link #awaitAll}.
 */
public final class AsyncWriter<T> {
  private static final Duration AWAIT_POLL = Duration.ofMillis(20);

  private final RequestExecutor executor;
  private final RetrySchedule retry;
  private final OnFailure onFailure;
  private final WriteMetrics metrics;
  private final @Nullable SentRequestListener listener;
  private final InFlightWindow window;
  private final ResendQueue<Attempt<T>> resend = new ResendQueue<>();
  private final ConcurrentLinkedQueue<Failure<T>> failures = new ConcurrentLinkedQueue<>();
  /** Units submitted and not yet finished (succeeded or failed for good), retries included. */
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong notSent = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  /** FAIL mode: the error of the first element that failed for good; from then on nothing is sent. */
  private volatile @Nullable Throwable stoppedBy;
  private volatile @Nullable Throwable firstRetryCause;

  /**
   * A write that failed for good. {@code outcomeUnknown}: some attempt of it ended without
   * proving that nothing was applied (a timeout, say), so the row may be in the table.
   */
  public record Failure<T>(PendingWrite<T> write, Throwable error, boolean outcomeUnknown) {}

  /** What happened to this writer's statements so far. */
  public record Tally(long written, long failed, long notSent, long retried) {}

  /** {@code maybeApplied}: an earlier attempt of this unit may have been applied. */
  private record Attempt<T>(WriteUnit<T> unit, int number, boolean maybeApplied) {}

  public AsyncWriter(RequestExecutor executor, ExecutionLimits limits, RetrySchedule retry,
      OnFailure onFailure, WriteMetrics metrics, @Nullable SentRequestListener listener) {
    this.executor = executor;
    this.retry = retry;
    this.onFailure = onFailure;
    this.metrics = metrics;
    this.listener = listener;
    this.window = new InFlightWindow(limits);
  }

  /**
   * Sends {@code unit}, first waiting for room in the window. After the writer stopped (see {@link
   * #stoppedBy}) the unit is not sent; its elements are failures, "not sent".
   */
  public void submit(WriteUnit<T> unit) throws InterruptedException {
    drainResend();
    outstanding.incrementAndGet();
    Attempt<T> first = new Attempt<>(unit, 1, false);
    if (stoppedBy != null) {
      abandon(first);
      return;
    }
    try {
      send(first);
    } catch (InterruptedException | RuntimeException e) {
      // Not sent: it must not be waited for.
      outstanding.decrementAndGet();
      throw e;
    }
  }

  /**
   * Waits until every request, retries and split batches included, has finished. Once the writer
   * stopped, retries still waiting for their backoff are dropped at once.
   */
  public void awaitAll() throws InterruptedException {
    while (true) {
      if (stoppedBy != null) {
        resend.drain().forEach(this::abandon);
      }
      Attempt<T> next = resend.poll(AWAIT_POLL);
      if (next != null) {
        resendOrRequeue(next);
      } else if (outstanding.get() == 0 && resend.isEmpty()) {
        return;
      }
    }
  }

  /** FAIL mode: the error that stopped this writer, or null while it goes on. */
  public @Nullable Throwable stoppedBy() {
    return stoppedBy;
  }

  /** The error of the first request this writer retried, or null. */
  public @Nullable Throwable firstRetryCause() {
    return firstRetryCause;
  }

  public Tally tally() {
    return new Tally(written.get(), failed.get(), notSent.get(), retried.get());
  }

  /** Failures so far, removed from the writer; the one that stopped it, if any, comes first. */
  public List<Failure<T>> takeFailures() {
    List<Failure<T>> taken = new ArrayList<>();
    Failure<T> f;
    while ((f = failures.poll()) != null) {
      taken.add(f);
    }
    return taken;
  }

  private void drainResend() {
    Attempt<T> next;
    while ((next = resend.poll()) != null) {
      try {
        resendOrRequeue(next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A retry or a split batch, already counted as outstanding: interrupted before it was sent, it
   * goes back in the queue (a later {@link #awaitAll} sends it); refused by the listener, it failed
   * for good. Unlike a unit refused in {@link #submit}, whose caller sees the exception, its caller
   * submitted it earlier and learns of it only from {@link #takeFailures}.
   */
  private void resendOrRequeue(Attempt<T> attempt) throws InterruptedException {
    if (stoppedBy != null) {
      abandon(attempt);
      return;
    }
    try {
      send(attempt);
    } catch (InterruptedException e) {
      resend.now(attempt);
      throw e;
    } catch (RuntimeException e) {
      failForGood(attempt.unit(), e, attempt.maybeApplied());
      throw e;
    }
  }

  /** Takes room in the window, then sends; gives the room back if it throws before sending. */
  private void send(Attempt<T> attempt) throws InterruptedException {
    WriteUnit<T> unit = attempt.unit();
    InFlightWindow.Room room = window.acquire(unit.sizeBytes());
    if (listener != null) {
      try {
        listener.sent(unit.writes().stream().map(PendingWrite::statement).toList());
      } catch (RuntimeException e) {
        window.release(room);
        throw e;
      }
    }
    long started = System.nanoTime();
    CompletionStage<?> request;
    try {
      request = executor.execute(unit.statement());
    } catch (RuntimeException e) { // e.g. the session was closed under us
      request = CompletableFuture.failedFuture(e);
    }
    request.whenComplete((rs, error) -> {
      window.release(room);
      if (error == null) {
        metrics.succeeded(unit.writes().size(), unit.isBatch(), (System.nanoTime() - started) / 1_000_000);
        written.addAndGet(unit.writes().size());
        outstanding.decrementAndGet();
      } else {
        onFailure(attempt, error);
      }
    });
  }

  private void onFailure(Attempt<T> attempt, Throwable error) {
    WriteUnit<T> unit = attempt.unit();
    boolean maybeApplied = attempt.maybeApplied() || FailureOutcome.mayHaveBeenApplied(error, unit.spansPartitions());
    if (stoppedBy != null) {
      failForGood(unit, RetrySchedule.unwrap(error), maybeApplied);
      return;
    }
    AfterFailure next = AfterFailure.decide(retry, onFailure.splitsBatches, unit, attempt.number(), error);
    if (next instanceof AfterFailure.Retry r) {
      if (firstRetryCause == null) {
        firstRetryCause = RetrySchedule.unwrap(error);
      }
      metrics.retried(unit.writes().size());
      retried.addAndGet(unit.writes().size());
      resend.after(r.delay(), new Attempt<>(unit, attempt.number() + 1, maybeApplied));
    } else if (next instanceof AfterFailure.Split split) {
      for (PendingWrite<T> w : unit.writes()) {
        outstanding.incrementAndGet();
        resend.now(new Attempt<>(WriteUnit.single(w), split.nextAttempt(), maybeApplied));
      }
      outstanding.decrementAndGet();
    } else if (next instanceof AfterFailure.Fail f) {
      failForGood(unit, f.cause(), maybeApplied);
    }
  }

  private void failForGood(WriteUnit<T> unit, Throwable cause, boolean maybeApplied) {
    for (PendingWrite<T> w : unit.writes()) {
      failures.add(new Failure<>(w, cause, maybeApplied));
    }
    metrics.failed(unit.writes().size());
    failed.addAndGet(unit.writes().size());
    if (onFailure.stops && stoppedBy == null) {
      stoppedBy = cause; // after its failures went in, so that they come first
    }
    outstanding.decrementAndGet();
  }

  /** A unit the stopped writer will not send: its elements fail with the error that stopped it. */
  private void abandon(Attempt<T> attempt) {
    Throwable cause = stoppedBy;
    for (PendingWrite<T> w : attempt.unit().writes()) {
      failures.add(new Failure<>(w, cause, attempt.maybeApplied()));
    }
    metrics.failed(attempt.unit().writes().size());
    notSent.addAndGet(attempt.unit().writes().size());
    outstanding.decrementAndGet();
  }
}
