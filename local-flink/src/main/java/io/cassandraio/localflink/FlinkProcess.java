package io.cassandraio.localflink;

import io.cassandraio.localprocess.ProcessStop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** One JobManager or TaskManager JVM: launch, stop by PID, read its log. */
final class FlinkProcess {
  /** How many lines of a process's log an error message quotes. */
  static final int LOG_LINES_IN_ERRORS = 40;
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final ClusterLayout layout;
  private ProcessHandle process;

  private FlinkProcess(String name, ClusterLayout layout, ProcessHandle process) {
    this.name = name;
    this.layout = layout;
    this.process = process;
  }

  /** A process to be launched with the config.yaml already written to its conf dir. */
  static FlinkProcess of(String name, ClusterLayout layout) {
    return new FlinkProcess(name, layout, null);
  }

  /** A process started by an earlier command ({@code scripts/flink}), found again by its PID. */
  static FlinkProcess attach(String name, ClusterLayout layout, long pid) {
    return new FlinkProcess(name, layout, ProcessHandle.of(pid).filter(p -> isOurs(p, name)).orElse(null));
  }

  synchronized void launch(OptionalLong parentPid) {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running as PID " + pid());
    }
    try {
      Files.createDirectories(layout.tmpDir(name));
      Files.writeString(layout.logFile(name),
          "---- local-flink: starting " + name + " at " + Instant.now() + " ----\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(
          FlinkRuntime.command(name, layout.confDir(name), layout.logFile(name), parentPid));
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile(name).toFile()));
      builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.directory(layout.processDir(name).toFile());
      process = builder.start().toHandle();
    } catch (IOException e) {
      throw new LocalFlinkException("Cannot start the JVM of " + name + " with " + FlinkRuntime.java(), e);
    }
  }

  /** SIGKILL by PID; returns when the process is gone. */
  synchronized void kill() {
    if (process != null) {
      ProcessStop.kill(process, name, KILL_TIMEOUT, LocalFlinkException::new);
    }
  }

  /** SIGTERM, SIGKILL after {@code grace}; returns when the process is gone. */
  synchronized void terminate(Duration grace) {
    if (process != null) {
      ProcessStop.terminate(process, name, grace, KILL_TIMEOUT, LocalFlinkException::new);
    }
  }

  boolean isAlive() {
    ProcessHandle handle = process;
    return handle != null && handle.isAlive();
  }

  /** PID of the JVM, or -1 if it was never started (or is not ours any more). */
  long pid() {
    ProcessHandle handle = process;
    return handle == null ? -1 : handle.pid();
  }

  String name() {
    return name;
  }

  Path logFile() {
    return layout.logFile(name);
  }

  /** Throws, quoting the end of the log, if the JVM has exited. */
  void requireAlive(String during) {
    if (!isAlive()) {
      throw new LocalFlinkException(name + " (PID " + pid() + ") exited " + during + ". " + logQuote());
    }
  }

  /** "Last N lines of LOG:" and the lines, for error messages. */
  String logQuote() {
    return "Last " + LOG_LINES_IN_ERRORS + " lines of " + logFile() + ":\n" + logTail(LOG_LINES_IN_ERRORS);
  }

  String logTail(int lines) {
    try {
      if (!Files.exists(logFile())) {
        return "(no log file)";
      }
      List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + logFile(), e);
    }
  }

  /** Guards against a recycled PID: only a process carrying our marker for this name is ours. */
  static boolean isOurs(ProcessHandle process, String name) {
    return process.isAlive()
        && process.info().commandLine()
            .map(c -> c.contains("-D" + FlinkRuntime.PROCESS_MARKER_PROPERTY + "=" + name + " "))
            .orElse(true);
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " PID " + pid() : " stopped");
  }
}
