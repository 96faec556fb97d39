package io.cassandraio.internal;

import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A call on a thread of its own, for tests where one side blocks (a writer waiting for room, a
 * committer waiting for a claimed batch). Waits are conditions, never durations: the timeouts
 * are a safety net that turns a hang into a failure, far above anything a correct run needs.
 */
public final class Background<V> {
  public static final long SAFETY_NET_SECONDS = 30;

  /** A call that may throw anything. */
  @FunctionalInterface
  public interface Call<V> {
    V call() throws Exception;
  }

  /** A call without a result. */
  @FunctionalInterface
  public interface Run {
    void run() throws Exception;
  }

  private final CompletableFuture<V> result = new CompletableFuture<>();
  private final Thread thread;

  private Background(String name, Call<V> call) {
    thread = new Thread(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  public static <V> Background<V> call(String name, Call<V> call) {
    return new Background<>(name, call);
  }

  public static Background<Void> run(String name, Run run) {
    return new Background<>(name, () -> {
      run.run();
      return null;
    });
  }

  public Thread thread() {
    return thread;
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** The result; what the call threw is rethrown as the cause of an {@link ExecutionException}. */
  public V get() throws InterruptedException, ExecutionException {
    try {
      return result.get(SAFETY_NET_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(thread.getName() + " did not finish within " + SAFETY_NET_SECONDS + " s; it is at "
          + Arrays.toString(thread.getStackTrace()));
    }
  }

  /** What the call threw; fails if it returned. */
  public Throwable failure() throws InterruptedException {
    try {
      V v = get();
      throw new AssertionError(thread.getName() + " returned " + v + " instead of throwing");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /**
   * Waits until the thread is parked inside {@code method} ({@code SimpleClassName.method}), e.g.
   * a writer waiting in {@code InFlightWindow.acquire}: it got as far as it can without help.
   */
  public void awaitBlockedIn(String method) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_NET_SECONDS);
    while (!isBlockedIn(thread, method)) {
      if (result.isDone()) {
        fail(thread.getName() + " finished (" + result + ") instead of blocking in " + method);
      }
      if (System.nanoTime() > deadline) {
        fail(thread.getName() + " did not block in " + method + " within " + SAFETY_NET_SECONDS + " s; it is at "
            + Arrays.toString(thread.getStackTrace()));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls a condition; nothing depends on the pause
    }
  }

  private static boolean isBlockedIn(Thread t, String method) {
    Thread.State state = t.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING && state != Thread.State.BLOCKED) {
      return false;
    }
    return Arrays.stream(t.getStackTrace()).anyMatch(f -> {
      String cls = f.getClassName();
      String simple = cls.substring(cls.lastIndexOf('.') + 1);
      return (simple + "." + f.getMethodName()).equals(method);
    });
  }
}
