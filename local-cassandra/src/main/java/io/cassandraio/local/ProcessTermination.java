package io.cassandraio.local;

import java.time.Duration;

/** Stops a process with SIGKILL and waits until it is really gone. */
final class ProcessTermination {
  private ProcessTermination() {}

  static void killAndWait(ProcessHandle process, Duration timeout, String what) {
    if (!process.isAlive()) {
      return;
    }
    // SIGKILL, not SIGTERM: a node whose peers are down can hang for a minute in its shutdown.
    process.destroyForcibly();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new LauncherException(
            what + " (PID " + process.pid() + ") is still alive " + timeout.toSeconds()
                + " s after SIGKILL");
      }
      Sleep.millis(100);
    }
  }
}
