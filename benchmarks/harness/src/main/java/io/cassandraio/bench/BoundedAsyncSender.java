package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** The plain-driver pattern: {@code executeAsync} with at most N requests in flight. */
final class BoundedAsyncSender {
  private final CqlSession session;
  private final int maxInFlight;
  private final Semaphore window;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  BoundedAsyncSender(CqlSession session, int maxInFlight) {
    this.session = session;
    this.maxInFlight = maxInFlight;
    this.window = new Semaphore(maxInFlight);
  }

  void send(Statement<?> statement) throws InterruptedException {
    window.acquire();
    session.executeAsync(statement).whenComplete((rs, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
      window.release();
    });
  }

  /** Waits for every request; throws the first failure, if any. */
  void awaitAll(String contender) throws InterruptedException {
    window.acquire(maxInFlight);
    window.release(maxInFlight);
    if (failure.get() != null) {
      throw new IllegalStateException(contender + " failed", failure.get());
    }
  }
}
