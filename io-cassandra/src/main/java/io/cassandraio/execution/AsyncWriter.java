package io.cassandraio.execution;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import io.cassandraio.grouping.PendingWrite;
import io.cassandraio.grouping.WriteUnit;
import io.cassandraio.result.WriteMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sends requests asynchronously under a sliding window bounded by requests and by bytes: a new
 * request goes out as soon as any earlier one completes, never "send N, then wait for all".
 *
 * <p>Only the owning (DoFn) thread sends. Driver callbacks never block: a request to retry after
 * its backoff, or a failed batch to split into single statements ({@code REPORT} mode), is put
 * on a queue that the owning thread drains on its next {@link #submit} or in {@link #awaitAll}.
 */
public final class AsyncWriter<T> {
  private static final ScheduledExecutorService BACKOFF_TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cassandraio-retry-backoff");
        t.setDaemon(true);
        return t;
      });
  private static final int BYTES_PER_PERMIT = 1024;

  private final CqlSession session;
  private final RetryPolicy retry;
  private final boolean splitFailedBatches;
  private final WriteMetrics metrics;
  private final @Nullable SentRequestListener listener;
  private final Semaphore requestPermits;
  private final Semaphore bytePermits;
  private final int maxBytePermits;
  private final LinkedBlockingQueue<Attempt<T>> resend = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Failure<T>> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger outstanding = new AtomicInteger();

  /** A write that failed for good. */
  public record Failure<T>(PendingWrite<T> write, Throwable error) {}

  private record Attempt<T>(WriteUnit<T> unit, int number) {}

  public AsyncWriter(CqlSession session, ExecutionLimits limits, RetryPolicy retry,
      boolean splitFailedBatches, WriteMetrics metrics, @Nullable SentRequestListener listener) {
    this.session = session;
    this.retry = retry;
    this.splitFailedBatches = splitFailedBatches;
    this.metrics = metrics;
    this.listener = listener;
    this.requestPermits = new Semaphore(limits.maxInFlightRequests());
    this.maxBytePermits = (int) Math.max(1, limits.maxInFlightBytes() / BYTES_PER_PERMIT);
    this.bytePermits = new Semaphore(maxBytePermits);
  }

  /** Sends {@code unit}, first waiting for room in the window. */
  public void submit(WriteUnit<T> unit) throws InterruptedException {
    drainResend();
    outstanding.incrementAndGet();
    try {
      send(new Attempt<>(unit, 1));
    } catch (InterruptedException | RuntimeException e) {
      // Not sent: it must not be waited for (this writer outlives a failed bundle).
      outstanding.decrementAndGet();
      throw e;
    }
  }

  /** Waits until every request, retries and split batches included, has finished. */
  public void awaitAll() throws InterruptedException {
    while (true) {
      Attempt<T> next = resend.poll(20, TimeUnit.MILLISECONDS);
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
   * goes back in the queue (a later {@link #awaitAll} sends it); refused by the listener, it no
   * longer counts.
   */
  private void resendOrRequeue(Attempt<T> attempt) throws InterruptedException {
    try {
      send(attempt);
    } catch (InterruptedException e) {
      resend.add(attempt);
      throw e;
    } catch (RuntimeException e) {
      outstanding.decrementAndGet();
      throw e;
    }
  }

  /** Takes room in the window, then sends; gives the room back if it throws before sending. */
  private void send(Attempt<T> attempt) throws InterruptedException {
    WriteUnit<T> unit = attempt.unit();
    int bytes = Math.min(maxBytePermits, Math.max(1, unit.sizeBytes() / BYTES_PER_PERMIT));
    requestPermits.acquire();
    try {
      bytePermits.acquire(bytes);
    } catch (InterruptedException e) {
      requestPermits.release();
      throw e;
    }
    if (listener != null) {
      try {
        listener.sent(unit.writes().stream().map(PendingWrite::statement).toList());
      } catch (RuntimeException e) {
        bytePermits.release(bytes);
        requestPermits.release();
        throw e;
      }
    }
    long started = System.nanoTime();
    CompletionStage<AsyncResultSet> request;
    try {
      request = session.executeAsync(unit.statement());
    } catch (RuntimeException e) { // e.g. the session was closed under us
      request = CompletableFuture.failedFuture(e);
    }
    request.whenComplete((rs, error) -> {
      bytePermits.release(bytes);
      requestPermits.release();
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
    if (retry.shouldRetry(attempt.number(), unit.idempotent(), error)) {
      metrics.retried(unit.writes().size());
      BACKOFF_TIMER.schedule(() -> resend.add(new Attempt<>(unit, attempt.number() + 1)),
          retry.backoff(attempt.number()).toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    if (splitFailedBatches && unit.isBatch()) {
      // Retry one statement at a time, so that only the bad elements are reported.
      for (PendingWrite<T> w : unit.writes()) {
        outstanding.incrementAndGet();
        resend.add(new Attempt<>(WriteUnit.single(w), 1));
      }
    } else {
      for (PendingWrite<T> w : unit.writes()) {
        failures.add(new Failure<>(w, RetryPolicy.unwrap(error)));
      }
      metrics.failed(unit.writes().size());
    }
    outstanding.decrementAndGet();
  }
}
