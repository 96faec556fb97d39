package io.cassandraio.it.flink.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code jcmd <pid> <command>} of this JDK and returns what it printed. */
final class Jcmd {
  private static final long TIMEOUT_SECONDS = 60;
  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  private Jcmd() {}

  static String run(long pid, String... command) {
    if (pid <= 0) {
      // jcmd 0 would send the command to every JVM of this user.
      throw new IllegalArgumentException("jcmd needs the PID of one JVM, got " + pid);
    }
    List<String> cmd = new java.util.ArrayList<>(List.of(JCMD.toString(), Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
    try {
      // Read before waiting: a class histogram fills the pipe buffer long before jcmd ends.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " did not end within " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(cmd + " failed with status " + p.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + cmd, e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd, e);
    }
  }
}
