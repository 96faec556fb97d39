package io.cassandraio.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end with its output in a log file; stops it by PID if it outlives its time. */
public final class ChildProcess {
  private ChildProcess() {}

  /** How a command ended: its exit status and everything it printed. */
  public record Result(int exitStatus, String output) {
    /** Fails, naming {@code what} and showing the output, unless the command exited with 0. */
    public Result assertSucceeded(String what) {
      if (exitStatus != 0) {
        throw new AssertionError(what + " exited with status " + exitStatus + "; its output:\n" + output);
      }
      return this;
    }
  }

  /**
   * Runs {@code command} in {@code workDir}, stdout and stderr into {@code log}. Fails with the
   * output if it has not ended within {@code timeout}; the process is gone when this returns.
   */
  public static Result run(List<String> command, Path workDir, Path log, Duration timeout) {
    Process child;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      child = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      boolean ended = child.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (!ended) {
        throw new AssertionError(command.get(0) + " did not end within " + timeout + " (" + command
            + "); its output so far:\n" + output);
      }
      return new Result(child.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    } finally {
      Processes.killAndAwait(child.pid());
    }
  }
}
