package io.cassandraio.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/** Looks at processes by PID or command line, and stops them by PID. */
public final class Processes {
  private Processes() {}

  public static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** PIDs (other than this JVM) whose command line contains {@code fragment}. */
  public static List<Long> pidsWithCommandLineContaining(String fragment) {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self && p.isAlive())
        .filter(p -> p.info().commandLine().map(c -> c.contains(fragment)).orElse(false))
        .map(ProcessHandle::pid)
        .collect(Collectors.toList());
  }

  /** Waits until none of {@code pids} is alive; returns those still alive after {@code timeout}. */
  public static List<Long> awaitGone(Collection<Long> pids, Duration timeout) {
    try {
      await("PIDs " + pids + " gone").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
          .until(() -> alive(pids).isEmpty());
    } catch (ConditionTimeoutException stillAlive) {
      // Reported to the caller, who decides whether that is a failure.
    }
    return alive(pids);
  }

  private static List<Long> alive(Collection<Long> pids) {
    return pids.stream().filter(Processes::isAlive).collect(Collectors.toList());
  }

  /** SIGKILL by PID and wait (up to 30 s) until it is gone; no-op if it is not running. */
  public static void killAndAwait(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return;
    }
    handle.get().destroyForcibly();
    List<Long> left = awaitGone(List.of(pid), Duration.ofSeconds(30));
    if (!left.isEmpty()) {
      throw new IllegalStateException("PID " + pid + " still alive 30 s after SIGKILL");
    }
  }

  /** Kills every process whose command line contains {@code fragment}; returns their PIDs. */
  public static List<Long> killAllWithCommandLineContaining(String fragment) {
    List<Long> pids = pidsWithCommandLineContaining(fragment);
    pids.forEach(Processes::killAndAwait);
    return pids;
  }
}
