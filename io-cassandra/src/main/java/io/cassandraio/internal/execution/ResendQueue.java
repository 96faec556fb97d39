package io.cassandraio.internal.execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Requests to send again, filled from driver callbacks (which must never block) and drained by
 * the writer's own thread. A retry becomes visible to {@link #poll} once its backoff has passed.
 *
 * <p>A delay queue rather than a timer thread: a static timer would be one thread per user-code
 * class loader on a Flink session cluster, alive after its job and pinning every class of the job
 * jar (a Metaspace leak per submitted job).
 */
final class ResendQueue<A> {
  private final DelayQueue<Due<A>> queue = new DelayQueue<>();

  void now(A attempt) {
    queue.add(new Due<>(attempt, System.nanoTime()));
  }

  void after(Duration delay, A attempt) {
    queue.add(new Due<>(attempt, System.nanoTime() + delay.toNanos()));
  }

  /** The next attempt whose backoff has passed, or null. */
  @Nullable A poll() {
    Due<A> due = queue.poll();
    return due == null ? null : due.attempt;
  }

  /** Waits up to {@code timeout} for an attempt whose backoff has passed. */
  @Nullable A poll(Duration timeout) throws InterruptedException {
    Due<A> due = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return due == null ? null : due.attempt;
  }

  /** Every waiting attempt, due or not, removed from the queue (callbacks may add more meanwhile). */
  @SuppressWarnings("unchecked")
  List<A> drain() {
    List<A> taken = new ArrayList<>();
    for (Object waiting : queue.toArray()) {
      if (queue.remove(waiting)) {
        taken.add(((Due<A>) waiting).attempt);
      }
    }
    return taken;
  }

  /** True when no attempt is waiting, due or not. */
  boolean isEmpty() {
    return queue.isEmpty();
  }

  private record Due<A>(A attempt, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Due<?>) other).dueNanos);
    }
  }
}
