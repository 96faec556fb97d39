package io.cassandraio.internal.execution;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Requests to send again, filled from driver callbacks (which must never block) and drained by
 * the writer's own thread. A retry enters it when its backoff has passed.
 */
final class ResendQueue<A> {
  private static final ScheduledExecutorService BACKOFF_TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cassandraio-retry-backoff");
        t.setDaemon(true);
        return t;
      });

  private final LinkedBlockingQueue<A> queue = new LinkedBlockingQueue<>();

  void now(A attempt) {
    queue.add(attempt);
  }

  void after(Duration delay, A attempt) {
    if (delay.isZero()) {
      queue.add(attempt);
    } else {
      BACKOFF_TIMER.schedule(() -> queue.add(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Nullable A poll() {
    return queue.poll();
  }

  @Nullable A poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }
}
