package io.cassandraio.localflink;

import java.time.Duration;

/** Stops a process by PID and waits until it is really gone. */
final class ProcessTermination {
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

  private ProcessTermination() {}

  /** SIGKILL, then waits until the process is gone. */
  static void kill(ProcessHandle process, String what) {
    if (!process.isAlive()) {
      return;
    }
    process.destroyForcibly();
    awaitGone(process, KILL_TIMEOUT, what + " after SIGKILL");
  }

  /** SIGTERM so Flink can shut down cleanly; SIGKILL if it is still alive after {@code grace}. */
  static void terminate(ProcessHandle process, Duration grace, String what) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    long deadline = System.nanoTime() + grace.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      Sleep.millis(100);
    }
    kill(process, what);
  }

  private static void awaitGone(ProcessHandle process, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new LocalFlinkException(
            what + ": PID " + process.pid() + " is still alive after " + timeout.toSeconds() + " s");
      }
      Sleep.millis(100);
    }
  }
}
