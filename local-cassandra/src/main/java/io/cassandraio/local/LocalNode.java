package io.cassandraio.local;

import io.cassandraio.localprocess.LocalPorts;
import io.cassandraio.localprocess.ProcessStop;
import io.cassandraio.localprocess.ProcessSuspension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One Cassandra node running in its own JVM: start, kill by PID, pause and resume (SIGSTOP,
 * SIGCONT), restart with the same data.
 */
public final class LocalNode {
  /** How many lines of a node's log an error message quotes. */
  public static final int LOG_LINES_IN_ERRORS = 50;
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final String PORT_IN_USE_REMEDY = "Stop whatever listens there (for example a Cassandra "
      + "started with 'scripts/cassandra start': 'scripts/cassandra stop'), or start the local "
      + "cluster on other loopback addresses (ClusterSpec.withBaseAddress / --base-address).";

  private final ClusterSpec spec;
  private final NodeLayout layout;
  private final List<Long> tokens;
  private final Path java;
  private final NodeJmx jmx;
  private ProcessHandle process;
  private volatile boolean shouldRun;

  LocalNode(ClusterSpec spec, NodeLayout layout, List<Long> tokens, Path java, int jmxPort) {
    this.spec = spec;
    this.layout = layout;
    this.tokens = List.copyOf(tokens);
    this.java = java;
    this.jmx = new NodeJmx(jmxPort);
  }

  /** Fails with the address and port when any of this node's ports is taken. */
  void requirePortsFree() {
    LocalPorts.requireFree(layout.address(), spec.nativePort(), "CQL native_transport_port of " + layout,
        PORT_IN_USE_REMEDY, LauncherException::new);
    LocalPorts.requireFree(layout.address(), spec.storagePort(), "storage_port of " + layout,
        PORT_IN_USE_REMEDY, LauncherException::new);
    LocalPorts.requireFree("127.0.0.1", jmx.port(), "JMX port of " + layout,
        PORT_IN_USE_REMEDY, LauncherException::new);
  }

  /** Starts the JVM; the node's data directory is kept, so this is also a restart. */
  synchronized void launch() {
    if (isAlive()) {
      throw new IllegalStateException(layout + " is already running as PID " + pid());
    }
    requirePortsFree();
    NodeConfigWriter.write(spec, layout, tokens);
    try {
      Files.writeString(
          layout.logFile(),
          "---- local-cassandra: starting " + layout + " at " + Instant.now() + " ----\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(ServerRuntime.command(spec, layout, java, jmx.port()));
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()));
      builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.directory(layout.dir().toFile());
      process = builder.start().toHandle();
      shouldRun = true;
    } catch (IOException e) {
      throw new LauncherException("Cannot start the JVM of " + layout + " with " + java, e);
    }
  }

  /** SIGKILL by PID, then waits until the process is gone. Does nothing if it is not running. */
  public synchronized void kill() {
    shouldRun = false;
    ProcessHandle handle = process;
    if (handle == null) {
      return;
    }
    ProcessStop.kill(handle, layout.toString(), KILL_TIMEOUT, LauncherException::new);
  }

  /**
   * SIGSTOP by PID: the node keeps its sockets open and answers nothing, as a node in a long GC
   * pause or on a hung machine. Its peers mark it down after gossip's failure detection (seconds).
   */
  public synchronized void pause() {
    ProcessSuspension.pause(requireProcess("pause"), layout.toString(), LauncherException::new);
  }

  /** SIGCONT by PID: a paused node runs on where it stopped. */
  public synchronized void resume() {
    ProcessSuspension.resume(requireProcess("resume"), layout.toString(), LauncherException::new);
  }

  /** Whether the node's JVM is stopped by {@link #pause()}. */
  public boolean isPaused() {
    ProcessHandle handle = process;
    return handle != null && ProcessSuspension.isPaused(handle);
  }

  private ProcessHandle requireProcess(String operation) {
    if (process == null) {
      throw new LauncherException("Cannot " + operation + " " + layout + ": it was never started");
    }
    return process;
  }

  /**
   * Takes over a node JVM started by another launcher process (the command line's {@code start}),
   * so that this one can kill, pause or restart it. {@code running} is empty when it is gone.
   */
  synchronized void adopt(java.util.Optional<ProcessHandle> running) {
    process = running.orElse(null);
    shouldRun = running.isPresent();
  }

  /** Launched and not killed since: its death would be a failure, not an operation. */
  boolean shouldRun() {
    return shouldRun;
  }

  public boolean isAlive() {
    ProcessHandle handle = process;
    return handle != null && handle.isAlive();
  }

  /** PID of the node's JVM, or -1 if it was never started. */
  public long pid() {
    ProcessHandle handle = process;
    return handle == null ? -1 : handle.pid();
  }

  public int index() {
    return layout.index();
  }

  public String address() {
    return layout.address();
  }

  public int nativePort() {
    return spec.nativePort();
  }

  public NodeJmx jmx() {
    return jmx;
  }

  public Path directory() {
    return layout.dir();
  }

  public Path logFile() {
    return layout.logFile();
  }

  /** Throws, quoting the end of the node's log, if the node's JVM has exited. */
  void requireAlive(String during) {
    if (!isAlive()) {
      throw new LauncherException(
          layout + " (PID " + pid() + ") exited " + during + "." + firstErrorIfNotIn(LOG_LINES_IN_ERRORS)
              + " Last " + LOG_LINES_IN_ERRORS + " lines of " + layout.logFile() + ":\n"
              + logTail(LOG_LINES_IN_ERRORS));
    }
  }

  /**
   * Cassandra prints a startup failure twice with long stack traces, so the headline can fall
   * outside the quoted tail; this names it separately.
   */
  private String firstErrorIfNotIn(int tailLines) {
    List<String> all = logLines();
    for (int i = 0; i < all.size(); i++) {
      String line = all.get(i);
      if (line.startsWith("ERROR") || line.contains("encountered during startup")) {
        return i >= all.size() - tailLines ? "" : " First error in its log: " + line;
      }
    }
    return "";
  }

  /** The last {@code lines} lines of the node's log. */
  public String logTail(int lines) {
    List<String> all = logLines();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private List<String> logLines() {
    try {
      return Files.readAllLines(layout.logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + layout.logFile(), e);
    }
  }

  @Override
  public String toString() {
    return layout + (isAlive() ? " PID " + pid() : " stopped");
  }
}
