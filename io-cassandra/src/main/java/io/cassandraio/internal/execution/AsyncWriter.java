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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sends write units asynchronously under an {@link InFlightWindow}, never "send N, then wait for
 * all". A failed request is retried, split or failed as {@link AfterFailure} decides.
 *
 * <p>Only the owning (DoFn) thread sends. Driver callbacks never block: a request to retry after
 * its backoff, or a failed batch split into single statements, goes into a {@link ResendQueue}
 * that the owning thread drains on its next {@link #submit} or in {@link #awaitAll}.
 */
public final class AsyncWriter<T> {
  private static final Duration AWAIT_POLL = Duration.ofMillis(20);

  private final RequestExecutor executor;
  private final RetrySchedule retry;
  private final boolean splitFailedBatches;
  private final WriteMetrics metrics;
  private final @Nullable SentRequestListener listener;
  private final InFlightWindow window;
  private final ResendQueue<Attempt<T>> resend = new ResendQueue<>();
  private final ConcurrentLinkedQueue<Failure<T>> failures = new ConcurrentLinkedQueue<>();
  /** Units submitted and not yet finished (succeeded or failed for good), retries included. */
  private final AtomicInteger outstanding = new AtomicInteger();

  /** A write that failed for good. */
  public record Failure<T>(PendingWrite<T> write, Throwable error) {}

  private record Attempt<T>(WriteUnit<T> unit, int number) {}

  /** {@code splitFailedBatches}: REPORT mode, where a failed batch is retried one statement at a time. */
  public AsyncWriter(RequestExecutor executor, ExecutionLimits limits, RetrySchedule retry,
      boolean splitFailedBatches, WriteMetrics metrics, @Nullable SentRequestListener listener) {
    this.executor = executor;
    this.retry = retry;
    this.splitFailedBatches = splitFailedBatches;
    this.metrics = metrics;
    this.listener = listener;
    this.window = new InFlightWindow(limits);
  }

  /** Sends {@code unit}, first waiting for room in the window. */
  public void submit(WriteUnit<T> unit) throws InterruptedException {
    drainResend();
    outstanding.incrementAndGet();
    try {
      send(new Attempt<>(unit, 1));
    } catch (InterruptedException | RuntimeException e) {
      // Not sent: it must not be waited for.
      outstanding.decrementAndGet();
      throw e;
    }
  }

  /** Waits until every request, retries and split batches included, has finished. */
  public void awaitAll() throws InterruptedException {
    while (true) {
      Attempt<T> next = resend.poll(AWAIT_POLL);
      if (next != null) {
        resendOrRequeue(next);
      } else if (outstanding.get() == 0 && resend.isEmpty()) {
        return;
      }
    }
  }

  /** Failures so far, removed from the writer. */
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
    try {
      send(attempt);
    } catch (InterruptedException e) {
      resend.now(attempt);
      throw e;
    } catch (RuntimeException e) {
      failForGood(attempt.unit(), e);
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
        outstanding.decrementAndGet();
      } else {
        onFailure(attempt, error);
      }
    });
  }

  private void onFailure(Attempt<T> attempt, Throwable error) {
    WriteUnit<T> unit = attempt.unit();
    AfterFailure next = AfterFailure.decide(retry, splitFailedBatches, unit, attempt.number(), error);
    if (next instanceof AfterFailure.Retry r) {
      metrics.retried(unit.writes().size());
      resend.after(r.delay(), new Attempt<>(unit, attempt.number() + 1));
      return;
    }
    if (next instanceof AfterFailure.Split) {
      for (PendingWrite<T> w : unit.writes()) {
        outstanding.incrementAndGet();
        resend.now(new Attempt<>(WriteUnit.single(w), 1));
      }
      outstanding.decrementAndGet();
    } else if (next instanceof AfterFailure.Fail f) {
      failForGood(unit, f.cause());
    }
  }

  private void failForGood(WriteUnit<T> unit, Throwable cause) {
    for (PendingWrite<T> w : unit.writes()) {
      failures.add(new Failure<>(w, cause));
    }
    metrics.failed(unit.writes().size());
    outstanding.decrementAndGet();
  }
}
