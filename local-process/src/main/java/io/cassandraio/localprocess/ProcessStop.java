package io.cassandraio.localprocess;

import java.time.Duration;
import java.util.function.Function;

/**
 * Stops a process by PID and returns only when it is gone, so that its ports and files are free
 * for whatever the caller does next.
 *
 * <p>A process still alive after the timeout is reported through the caller's own exception type
 * ({@code stillAlive} gets a message naming {@code what}, the PID and the wait).
 */
public final class ProcessStop {
  private static final long POLL_MILLIS = 50;

  private ProcessStop() {}

  /** SIGKILL, then waits up to {@code timeout} until the process is gone. Nothing to do if it is not alive. */
  public static void kill(ProcessHandle process, String what, Duration timeout,
      Function<String, ? extends RuntimeException> stillAlive) {
    if (!process.isAlive()) {
      return;
    }
    process.destroyForcibly();
    if (!awaitGone(process, timeout)) {
      throw stillAlive.apply(what + " (PID " + process.pid() + ") is still alive "
          + timeout.toSeconds() + " s after SIGKILL");
    }
  }

  /**
   * SIGTERM, so that the process can shut down cleanly; SIGKILL if it is still alive after
   * {@code grace}, then waits up to {@code killTimeout} as {@link #kill} does.
   */
  public static void terminate(ProcessHandle process, String what, Duration grace, Duration killTimeout,
      Function<String, ? extends RuntimeException> stillAlive) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!awaitGone(process, grace)) {
      kill(process, what, killTimeout, stillAlive);
    }
  }

  /** Whether the process is gone within {@code timeout}. */
  private static boolean awaitGone(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Pause.millis(POLL_MILLIS);
    }
    return true;
  }
}
