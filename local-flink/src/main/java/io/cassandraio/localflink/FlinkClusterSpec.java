package io.cassandraio.localflink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a local Flink session cluster looks like: immutable; every {@code with...} validates its
 * argument and returns a copy. {@link #defaults()} is 1 JobManager and 2 TaskManagers with 2 slots
 * each on 127.0.0.1, REST on a free port.
 */
public final class FlinkClusterSpec {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_TASK_MANAGERS = 2;
  public static final int DEFAULT_SLOTS = 2;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
  /** More would not fit the memory of a small machine: each TaskManager JVM takes about 1 GiB. */
  public static final int MAX_TASK_MANAGERS = 8;

  private final int taskManagers;
  private final int slotsPerTaskManager;
  private final String host;
  private final int restPort;
  private final Path workDir;
  private final Map<String, String> extraConfig;
  private final Duration startTimeout;
  private final boolean stopWithLauncher;

  private FlinkClusterSpec(int taskManagers, int slotsPerTaskManager, String host, int restPort,
      Path workDir, Map<String, String> extraConfig, Duration startTimeout, boolean stopWithLauncher) {
    this.taskManagers = taskManagers;
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.host = host;
    this.restPort = restPort;
    this.workDir = workDir;
    this.extraConfig = Collections.unmodifiableMap(new LinkedHashMap<>(extraConfig));
    this.startTimeout = startTimeout;
    this.stopWithLauncher = stopWithLauncher;
  }

  public static FlinkClusterSpec defaults() {
    return new FlinkClusterSpec(DEFAULT_TASK_MANAGERS, DEFAULT_SLOTS, DEFAULT_HOST, 0, null,
        Map.of(), DEFAULT_START_TIMEOUT, true);
  }

  public FlinkClusterSpec withTaskManagers(int count) {
    if (count < 1 || count > MAX_TASK_MANAGERS) {
      throw new IllegalArgumentException(
          "taskManagers must be 1.." + MAX_TASK_MANAGERS + ", got " + count);
    }
    return new FlinkClusterSpec(count, slotsPerTaskManager, host, restPort, workDir, extraConfig,
        startTimeout, stopWithLauncher);
  }

  public FlinkClusterSpec withSlotsPerTaskManager(int slots) {
    if (slots < 1 || slots > 64) {
      throw new IllegalArgumentException("slotsPerTaskManager must be 1..64, got " + slots);
    }
    return new FlinkClusterSpec(taskManagers, slots, host, restPort, workDir, extraConfig,
        startTimeout, stopWithLauncher);
  }

  /** A loopback address (127.x.y.z): the cluster binds every port there and nowhere else. */
  public FlinkClusterSpec withHost(String loopbackAddress) {
    Objects.requireNonNull(loopbackAddress, "host");
    if (!loopbackAddress.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || java.util.Arrays.stream(loopbackAddress.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
      throw new IllegalArgumentException(
          "host must be an IPv4 loopback address such as 127.0.0.1, got '" + loopbackAddress + "'");
    }
    return new FlinkClusterSpec(taskManagers, slotsPerTaskManager, loopbackAddress, restPort,
        workDir, extraConfig, startTimeout, stopWithLauncher);
  }

  /** REST port of the JobManager; 0 (the default) picks a free one at start. */
  public FlinkClusterSpec withRestPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("restPort must be 0..65535 (0 = a free port), got " + port);
    }
    return new FlinkClusterSpec(taskManagers, slotsPerTaskManager, host, port, workDir,
        extraConfig, startTimeout, stopWithLauncher);
  }

  /** Where config, logs, checkpoints and savepoints go; default: a fresh temporary directory. */
  public FlinkClusterSpec withWorkDir(Path dir) {
    Objects.requireNonNull(dir, "workDir");
    return new FlinkClusterSpec(taskManagers, slotsPerTaskManager, host, restPort,
        dir.toAbsolutePath().normalize(), extraConfig, startTimeout, stopWithLauncher);
  }

  /** An extra config.yaml entry as a flat key ({@code execution.checkpointing.interval}); wins over the launcher's own. */
  public FlinkClusterSpec withConfig(String key, String value) {
    if (key == null || !key.matches("[A-Za-z0-9_.\\-]+")) {
      throw new IllegalArgumentException("config key must be a flat Flink key such as "
          + "'execution.checkpointing.interval', got '" + key + "'");
    }
    Objects.requireNonNull(value, () -> "value of config key " + key);
    Map<String, String> config = new LinkedHashMap<>(extraConfig);
    config.put(key, value);
    return new FlinkClusterSpec(taskManagers, slotsPerTaskManager, host, restPort, workDir, config,
        startTimeout, stopWithLauncher);
  }

  public FlinkClusterSpec withStartTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
    }
    return new FlinkClusterSpec(taskManagers, slotsPerTaskManager, host, restPort, workDir,
        extraConfig, timeout, stopWithLauncher);
  }

  /**
   * Whether the processes halt when this JVM is gone (the default). The command line's
   * {@code start} turns it off: its cluster outlives the command.
   */
  FlinkClusterSpec withStopWithLauncher(boolean stop) {
    return new FlinkClusterSpec(taskManagers, slotsPerTaskManager, host, restPort, workDir,
        extraConfig, startTimeout, stop);
  }

  public int taskManagers() {
    return taskManagers;
  }

  public int slotsPerTaskManager() {
    return slotsPerTaskManager;
  }

  public String host() {
    return host;
  }

  public int restPort() {
    return restPort;
  }

  public Optional<Path> workDir() {
    return Optional.ofNullable(workDir);
  }

  public Map<String, String> extraConfig() {
    return extraConfig;
  }

  public Duration startTimeout() {
    return startTimeout;
  }

  boolean stopWithLauncher() {
    return stopWithLauncher;
  }

  @Override
  public String toString() {
    return "FlinkClusterSpec{taskManagers=" + taskManagers + ", slots=" + slotsPerTaskManager
        + ", host=" + host + ", restPort=" + (restPort == 0 ? "free" : restPort)
        + ", workDir=" + workDir + ", extraConfig=" + extraConfig + "}";
  }
}
