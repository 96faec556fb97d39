package io.cassandraio.it.support;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Long> alive = pids.stream().filter(Processes::isAlive).collect(Collectors.toList());
      if (alive.isEmpty() || System.nanoTime() > deadline) {
        return alive;
      }
      sleep(100);
    }
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

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
