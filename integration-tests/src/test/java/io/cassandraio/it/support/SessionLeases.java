package io.cassandraio.it.support;

import io.cassandraio.internal.session.SharedSessions;

/**
 * Waits for the writers of finished jobs to give back their session leases. Runners call
 * {@code @Teardown} after a job has finished (Flink and the DirectRunner both a little after the
 * result is reported) and only on a best-effort basis: a lease that teardown never closes is
 * released when its DoFn instance is garbage-collected, hence the {@code System.gc()}.
 */
public final class SessionLeases {
  private SessionLeases() {}

  /** The leases still open after waiting up to 30 s for them to go back to zero. */
  public static int openAfterTeardown() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (SharedSessions.openLeases() > 0 && System.nanoTime() < deadline) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return SharedSessions.openLeases();
  }

  /** For failure messages: what is open, and how many leases only the garbage collector released. */
  public static String describe() {
    return SharedSessions.openLeases() + " open, " + SharedSessions.leasesReleasedWithoutTeardown()
        + " released so far in this JVM without @Teardown (when their DoFn was collected)";
  }
}
