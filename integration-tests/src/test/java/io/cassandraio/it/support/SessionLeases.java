package io.cassandraio.it.support;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import io.cassandraio.internal.session.SharedSessions;
import java.time.Duration;

/**
 * Waits for the writers of finished jobs to give back their session leases. Runners call
 * {@code @Teardown} after a job has finished (Flink and the DirectRunner both a little after the
 * result is reported) and only on a best-effort basis: a lease that teardown never closes is
 * released when its DoFn instance is garbage-collected, hence the {@code System.gc()} while
 * waiting. Every assertion about leases or writer sessions after a job goes through here.
 */
public final class SessionLeases {
  /** How long teardown (or the garbage collector) may take after the end of a job. */
  public static final Duration TEARDOWN_TIMEOUT = Duration.ofSeconds(30);

  private SessionLeases() {}

  /** Waits until every writer lease of this JVM is released; fails naming what is left. */
  public static void awaitReleased(String after) {
    long started = System.nanoTime();
    await("session leases released " + after).atMost(TEARDOWN_TIMEOUT)
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertEquals("session leases left open " + after + ": " + describe(), 0, openLeases()));
    log("leases released", after, started);
  }

  /**
   * Waits until every writer lease is released and every writer session closed (a session closes
   * asynchronously once its last lease is gone, in about 2 s); fails naming what is left.
   */
  public static void awaitAllClosed(String after) {
    long started = System.nanoTime();
    await("session leases released and sessions closed " + after).atMost(TEARDOWN_TIMEOUT)
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          assertEquals("session leases left open " + after + ": " + describe(), 0, openLeases());
          assertEquals("writer sessions left open " + after + ": " + describe(), 0, SharedSessions.openSessions());
        });
    log("leases released and sessions closed", after, started);
  }

  /** Open leases; collects garbage when there are some, so that leases of dropped DoFns are released. */
  private static int openLeases() {
    int open = SharedSessions.openLeases();
    if (open > 0) {
      System.gc();
    }
    return open;
  }

  /** For failure messages: what is open, and how many leases only the garbage collector released. */
  public static String describe() {
    return SharedSessions.openLeases() + " lease(s) and " + SharedSessions.openSessions() + " session(s) open, "
        + SharedSessions.leasesReleasedWithoutTeardown()
        + " lease(s) released so far in this JVM without @Teardown (when their DoFn was collected)";
  }

  private static void log(String what, String after, long startedNanos) {
    System.out.printf("SessionLeases: %s %s (waited %d ms; %s)%n", what, after,
        (System.nanoTime() - startedNanos) / 1_000_000, describe());
  }
}
