package io.cassandraio.localprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Freezes and thaws a process by PID (SIGSTOP, SIGCONT), as a hung machine or a long GC pause
 * would: the process keeps its sockets open but answers nothing. {@link ProcessHandle} has no way
 * to send these signals, so this runs {@code kill -STOP|-CONT PID}, and confirms the new state
 * from {@code /proc/PID/stat} (state {@code T} = stopped) before it returns. Linux only.
 */
public final class ProcessSuspension {
  private static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 20;

  private ProcessSuspension() {}

  /** SIGSTOP, then waits until the kernel reports the process stopped. */
  public static void pause(ProcessHandle process, String what, Function<String, ? extends RuntimeException> failure) {
    signal(process, "STOP", what, failure);
    awaitState(process, true, what, failure);
  }

  /** SIGCONT, then waits until the kernel reports the process running again. */
  public static void resume(ProcessHandle process, String what, Function<String, ? extends RuntimeException> failure) {
    signal(process, "CONT", what, failure);
    awaitState(process, false, what, failure);
  }

  /** Whether the process is stopped by a signal (SIGSTOP); false when it is gone. */
  public static boolean isPaused(ProcessHandle process) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    String content;
    try {
      content = Files.readString(stat, StandardCharsets.US_ASCII);
    } catch (IOException gone) {
      return false;
    }
    // "PID (command name) STATE ...": the name may hold spaces and parentheses, the state follows the last ')'.
    int end = content.lastIndexOf(')');
    return end >= 0 && end + 2 < content.length() && content.charAt(end + 2) == 'T';
  }

  private static void signal(ProcessHandle process, String signal, String what,
      Function<String, ? extends RuntimeException> failure) {
    if (!process.isAlive()) {
      throw failure.apply(what + " (PID " + process.pid() + ") is not running, so it cannot get SIG" + signal);
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int exit = kill.waitFor();
      if (exit != 0) {
        throw failure.apply("kill -" + signal + " " + process.pid() + " (" + what + ") exited with " + exit + ": " + output);
      }
    } catch (IOException e) {
      throw failure.apply("cannot run kill -" + signal + " " + process.pid() + " (" + what + "): " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WaitInterruptedException("Interrupted while sending SIG" + signal + " to " + what, e);
    }
  }

  private static void awaitState(ProcessHandle process, boolean paused, String what,
      Function<String, ? extends RuntimeException> failure) {
    long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
    while (isPaused(process) != paused) {
      if (!process.isAlive()) {
        throw failure.apply(what + " (PID " + process.pid() + ") died while being " + (paused ? "paused" : "resumed"));
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure.apply(what + " (PID " + process.pid() + ") is still " + (paused ? "running" : "stopped")
            + " " + STATE_TIMEOUT.toSeconds() + " s after SIG" + (paused ? "STOP" : "CONT"));
      }
      Pause.millis(POLL_MILLIS);
    }
  }
}
