package io.cassandraio.localflink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cassandraio.localflink.RestResponses.SavepointStatus;
import io.cassandraio.localflink.RestResponses.TaskManagerInfo;
import io.cassandraio.localprocess.LocalPorts;
import io.cassandraio.localprocess.Pause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A real standalone Flink session cluster: one JobManager and N TaskManagers, each its own JVM on
 * the spec's loopback address, driven over Flink's REST API. Started processes halt when this JVM
 * is gone (a watchdog in each), so nothing outlives a crashed test.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final String PORT_IN_USE_REMEDY = "Stop whatever listens there (for example a "
      + "cluster started with 'scripts/flink start': 'scripts/flink stop'), or choose another port or "
      + "loopback address (FlinkClusterSpec.withRestPort / withHost, --rest-port / --host).";
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);
  private static final String TASKS_NOT_RUNNING = "Not all required tasks are currently running";
  private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(20);
  private static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

  private final FlinkClusterSpec spec;
  private final ClusterLayout layout;
  private final int restPort;
  private final int rpcPort;
  private final FlinkRest rest;
  private final FlinkProcess jobManager;
  private final List<FlinkProcess> taskManagers;

  private LocalFlinkCluster(FlinkClusterSpec spec, ClusterLayout layout, int restPort, int rpcPort,
      FlinkProcess jobManager, List<FlinkProcess> taskManagers) {
    this.spec = spec;
    this.layout = layout;
    this.restPort = restPort;
    this.rpcPort = rpcPort;
    this.rest = new FlinkRest("http://" + spec.host() + ":" + restPort);
    this.jobManager = jobManager;
    this.taskManagers = taskManagers;
  }

  /** Starts the JobManager, then the TaskManagers; returns when every TaskManager has registered its slots. */
  public static LocalFlinkCluster start(FlinkClusterSpec spec) {
    String host = spec.host();
    int restPort = spec.restPort() == 0
        ? LocalPorts.freePort(host, "the REST port", LocalFlinkException::new)
        : spec.restPort();
    LocalPorts.requireFree(host, restPort, "REST port of the Flink JobManager", PORT_IN_USE_REMEDY,
        LocalFlinkException::new);
    int rpcPort = LocalPorts.freePort(host, "the JobManager RPC port", LocalFlinkException::new);
    LocalPorts.requireFree(host, rpcPort, "RPC port of the Flink JobManager", PORT_IN_USE_REMEDY,
        LocalFlinkException::new);
    ClusterLayout layout = new ClusterLayout(workDir(spec));
    prepareDirectories(layout, spec.taskManagers());

    FlinkConfigWriter.write(layout.confDir(ClusterLayout.JOB_MANAGER),
        FlinkConfigWriter.jobManagerConfig(spec, layout, restPort, rpcPort));
    List<FlinkProcess> tms = new ArrayList<>();
    for (int n = 1; n <= spec.taskManagers(); n++) {
      String name = ClusterLayout.taskManagerName(n);
      FlinkConfigWriter.write(layout.confDir(name), FlinkConfigWriter.taskManagerConfig(spec, layout, restPort, rpcPort, n));
      tms.add(FlinkProcess.of(name, layout));
    }
    LocalFlinkCluster cluster = new LocalFlinkCluster(spec, layout, restPort, rpcPort,
        FlinkProcess.of(ClusterLayout.JOB_MANAGER, layout), tms);
    try {
      cluster.jobManager.launch(cluster.parentPid());
      tms.forEach(tm -> tm.launch(cluster.parentPid()));
      cluster.awaitTaskManagers(spec.startTimeout(), tms);
      return cluster;
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** A cluster started by an earlier command (scripts/flink), found again from its state file. */
  static LocalFlinkCluster attach(FlinkClusterSpec spec, int restPort, int rpcPort, long jobManagerPid, List<Long> taskManagerPids) {
    ClusterLayout layout = new ClusterLayout(spec.workDir().orElseThrow());
    List<FlinkProcess> tms = new ArrayList<>();
    for (int n = 1; n <= taskManagerPids.size(); n++) {
      tms.add(FlinkProcess.attach(ClusterLayout.taskManagerName(n), layout, taskManagerPids.get(n - 1)));
    }
    return new LocalFlinkCluster(spec, layout, restPort, rpcPort,
        FlinkProcess.attach(ClusterLayout.JOB_MANAGER, layout, jobManagerPid), tms);
  }

  private static Path workDir(FlinkClusterSpec spec) {
    if (spec.workDir().isPresent()) {
      return spec.workDir().get();
    }
    try {
      return Files.createTempDirectory("local-flink-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a work directory for local Flink", e);
    }
  }

  /** Fresh process directories (config, logs, temp files); checkpoints and savepoints are kept for restores. */
  private static void prepareDirectories(ClusterLayout layout, int taskManagers) {
    try {
      Files.createDirectories(layout.workDir());
      try (Stream<Path> children = Files.list(layout.workDir())) {
        for (Path child : children.toList()) {
          String name = child.getFileName().toString();
          if (name.equals(ClusterLayout.JOB_MANAGER) || name.startsWith("taskmanager-") || name.equals("uploads")) {
            deleteRecursively(child);
          }
        }
      }
      Files.createDirectories(layout.checkpointDir());
      Files.createDirectories(layout.savepointDir());
      Files.createDirectories(layout.uploadDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the work directory " + layout.workDir(), e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private OptionalLong parentPid() {
    return spec.stopWithLauncher() ? OptionalLong.of(ProcessHandle.current().pid()) : OptionalLong.empty();
  }

  /** Polls {@code GET /taskmanagers} until each of {@code expected} is listed with all its slots. */
  private void awaitTaskManagers(Duration timeout, List<FlinkProcess> expected) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      jobManager.requireAlive("while the TaskManagers were starting");
      expected.forEach(tm -> tm.requireAlive("before it registered with the JobManager"));
      List<String> missing = new ArrayList<>();
      List<TaskManagerInfo> registered = registeredTaskManagersOrEmpty();
      for (FlinkProcess tm : expected) {
        boolean ready = registered.stream()
            .anyMatch(info -> info.id().equals(tm.name()) && info.slots() == spec.slotsPerTaskManager());
        if (!ready) {
          missing.add(tm.name());
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        FlinkProcess first = expected.stream().filter(tm -> tm.name().equals(missing.get(0))).findFirst().orElseThrow();
        throw new LocalFlinkException("Not registered with the JobManager at " + restUrl() + " within "
            + timeout.toSeconds() + " s: " + missing + ". " + first.name() + " is PID " + first.pid()
            + ", log " + first.logFile() + ". " + first.logQuote()
            + "\nJobManager log: " + jobManager.logFile());
      }
      Pause.millis(250);
    }
  }

  private List<TaskManagerInfo> registeredTaskManagersOrEmpty() {
    try {
      return RestResponses.taskManagers(rest.get("/taskmanagers"));
    } catch (LocalFlinkException e) {
      return List.of(); // REST not up yet
    }
  }

  /** TaskManagers the JobManager currently lists (resource id and slots). */
  public List<String> registeredTaskManagers() {
    return RestResponses.taskManagers(rest.get("/taskmanagers")).stream()
        .map(tm -> tm.id() + " (" + tm.slots() + " slots, " + tm.freeSlots() + " free)").toList();
  }

  /** Number of TaskManagers the JobManager lists right now. */
  public int registeredTaskManagerCount() {
    return RestResponses.taskManagers(rest.get("/taskmanagers")).size();
  }

  public String restUrl() {
    return "http://" + spec.host() + ":" + restPort;
  }

  /** {@code host:port} of the REST endpoint, for Beam's {@code --flinkMaster}. */
  public String flinkMaster() {
    return spec.host() + ":" + restPort;
  }

  public FlinkClusterSpec spec() {
    return spec;
  }

  int rpcPort() {
    return rpcPort;
  }

  int restPort() {
    return restPort;
  }

  public int taskManagerCount() {
    return taskManagers.size();
  }

  public Path workDir() {
    return layout.workDir();
  }

  public Path savepointDir() {
    return layout.savepointDir();
  }

  public Path checkpointDir() {
    return layout.checkpointDir();
  }

  public long jobManagerPid() {
    return jobManager.pid();
  }

  public Path jobManagerLog() {
    return jobManager.logFile();
  }

  /** PID of TaskManager {@code n} (1..N), -1 when it is not running. */
  public long taskManagerPid(int n) {
    return taskManager(n).pid();
  }

  public Path taskManagerLog(int n) {
    return taskManager(n).logFile();
  }

  public boolean isTaskManagerAlive(int n) {
    return taskManager(n).isAlive();
  }

  /** SIGKILL of TaskManager {@code n} by PID; returns when the process is gone. */
  public void killTaskManager(int n) {
    taskManager(n).kill();
  }

  /** Starts a fresh process for TaskManager {@code n} (same resource id) and waits until it registered. */
  public void restartTaskManager(int n) {
    FlinkProcess tm = taskManager(n);
    tm.kill();
    tm.launch(parentPid());
    awaitTaskManagers(spec.startTimeout(), List.of(tm));
  }

  private FlinkProcess taskManager(int n) {
    if (n < 1 || n > taskManagers.size()) {
      throw new IllegalArgumentException("No TaskManager " + n + ": this cluster has taskmanager-1.."
          + taskManagers.size());
    }
    return taskManagers.get(n - 1);
  }

  /** {@code POST /jars/upload}; returns Flink's jar id. */
  public String uploadJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new LocalFlinkException("No jar at " + jar.toAbsolutePath());
    }
    return RestResponses.uploadedJarId(rest.uploadJar(jar));
  }

  /**
   * Uploads {@code jar} and runs {@code entryClass}'s main on the JobManager; returns the Flink JobID.
   * A failed submission throws with Flink's error text, which includes the main method's exception.
   */
  public String submit(Path jar, String entryClass, List<String> programArgs, int parallelism,
      @Nullable String savepointPath) {
    return run(uploadJar(jar), jar.toString(), entryClass, programArgs, parallelism, savepointPath);
  }

  /**
   * Runs {@code entryClass}'s main from a jar uploaded before with {@link #uploadJar}; for a caller
   * that submits one jar many times (the benchmark) and must not time its upload.
   */
  public String submitUploaded(String jarId, String entryClass, List<String> programArgs, int parallelism,
      @Nullable String savepointPath) {
    return run(jarId, "uploaded jar " + jarId, entryClass, programArgs, parallelism, savepointPath);
  }

  private String run(String jarId, String jarName, String entryClass, List<String> programArgs, int parallelism,
      @Nullable String savepointPath) {
    ObjectNode body = RestResponses.JSON.createObjectNode();
    body.put("entryClass", entryClass);
    body.putArray("programArgsList").addAll(programArgs.stream().map(RestResponses.JSON.getNodeFactory()::textNode).toList());
    body.put("parallelism", parallelism);
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
    }
    body.put("allowNonRestoredState", false);
    try {
      return RestResponses.jobId(rest.post("/jars/" + jarId + "/run", body.toString()));
    } catch (LocalFlinkException e) {
      throw new LocalFlinkException("Submitting " + entryClass + " from " + jarName + " (parallelism "
          + parallelism + (savepointPath == null ? "" : ", savepoint " + savepointPath) + ") to "
          + restUrl() + " failed: " + e.getMessage(), e);
    }
  }

  public String jobState(String jobId) {
    try {
      return RestResponses.jobState(rest.get("/jobs/" + jobId));
    } catch (FlinkRest.RestError e) {
      if (e.status == 404) {
        throw new LocalFlinkException("No job " + jobId + " on " + restUrl() + " (jobs: " + jobs() + ")", e);
      }
      throw e;
    }
  }

  /** Waits until the job is in one of {@code states}; fails early if it ends in another terminal state. */
  public String awaitJobState(String jobId, Duration timeout, String... states) {
    List<String> wanted = Arrays.asList(states);
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = jobState(jobId);
    while (!wanted.contains(state)) {
      if (TERMINAL_STATES.contains(state)) {
        throw new LocalFlinkException("Job " + jobId + " ended " + state + " while waiting for " + wanted
            + "; see " + restUrl() + "/jobs/" + jobId + "/exceptions and " + jobManager.logFile());
      }
      if (System.nanoTime() > deadline) {
        throw new LocalFlinkException("Job " + jobId + " is still " + state + " after "
            + timeout.toSeconds() + " s; expected " + wanted);
      }
      Pause.millis(200);
      state = jobState(jobId);
    }
    return state;
  }

  /** Job id to status, every job the JobManager knows. */
  public Map<String, String> jobs() {
    return RestResponses.jobs(rest.get("/jobs"));
  }

  public List<String> runningJobs() {
    return jobs().entrySet().stream().filter(e -> e.getValue().equals("RUNNING")).map(Map.Entry::getKey).toList();
  }

  /** {@code POST /jobs/:id/stop} into {@link #savepointDir()} without draining; returns the savepoint path. */
  public String stopWithSavepoint(String jobId, Duration timeout) {
    ObjectNode body = RestResponses.JSON.createObjectNode();
    body.put("targetDirectory", ClusterLayout.fileUri(savepointDir()));
    body.put("drain", false);
    return savepoint(jobId, "/jobs/" + jobId + "/stop", body.toString(), timeout, "stop-with-savepoint");
  }

  /** {@code POST /jobs/:id/savepoints}; the job keeps running. Returns the savepoint path. */
  public String triggerSavepoint(String jobId, Duration timeout) {
    ObjectNode body = RestResponses.JSON.createObjectNode();
    body.put("target-directory", ClusterLayout.fileUri(savepointDir()));
    body.put("cancel-job", false);
    return savepoint(jobId, "/jobs/" + jobId + "/savepoints", body.toString(), timeout, "savepoint");
  }

  /**
   * Triggers and polls until the savepoint completes. A job is RUNNING before all its tasks are;
   * Flink declines a savepoint until then ("Not all required tasks are currently running"), so
   * that one failure is retried until {@code timeout}.
   */
  private String savepoint(String jobId, String triggerPath, String body, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String trigger = RestResponses.triggerId(rest.post(triggerPath, body));
      SavepointStatus status = awaitSavepoint(jobId, trigger, deadline, timeout, what);
      if (status.location().isPresent()) {
        return status.location().get();
      }
      String failure = status.failure().orElse("(no cause given)");
      if (!failure.contains(TASKS_NOT_RUNNING) || System.nanoTime() > deadline) {
        throw new LocalFlinkException("The " + what + " of job " + jobId + " failed: " + failure);
      }
      Pause.millis(500);
    }
  }

  private SavepointStatus awaitSavepoint(String jobId, String triggerId, long deadline, Duration timeout, String what) {
    while (true) {
      SavepointStatus status = RestResponses.savepointStatus(rest.get("/jobs/" + jobId + "/savepoints/" + triggerId));
      if (status.completed()) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new LocalFlinkException("The " + what + " of job " + jobId + " did not complete within "
            + timeout.toSeconds() + " s (trigger " + triggerId + ")");
      }
      Pause.millis(250);
    }
  }

  /** {@code PATCH /jobs/:id?mode=cancel}, then waits until the job is CANCELED. */
  public void cancel(String jobId) {
    jobState(jobId); // a clear error for an unknown job
    rest.patch("/jobs/" + jobId + "?mode=cancel");
    awaitJobState(jobId, CANCEL_TIMEOUT, "CANCELED");
  }

  /**
   * Current values of TaskManager {@code n}'s metrics, e.g. {@code Status.JVM.Threads.Count}. The
   * JobManager fetches metrics from TaskManagers in the background and answers an empty list until
   * the first fetch, so this polls until every requested metric is there.
   */
  public Map<String, Long> taskManagerMetrics(int n, String... metricNames) {
    FlinkProcess tm = taskManager(n);
    String get = URLEncoder.encode(String.join(",", metricNames), StandardCharsets.UTF_8);
    String path = "/taskmanagers/" + tm.name() + "/metrics?get=" + get; // name = taskmanager.resource-id
    long deadline = System.nanoTime() + METRICS_TIMEOUT.toNanos();
    while (true) {
      Map<String, Long> metrics = RestResponses.metrics(rest.get(path));
      if (metrics.keySet().containsAll(Arrays.asList(metricNames))) {
        return metrics;
      }
      if (System.nanoTime() > deadline) {
        throw new LocalFlinkException("GET " + path + " still lacks some of " + Arrays.toString(metricNames)
            + " after " + METRICS_TIMEOUT.toSeconds() + " s (has " + metrics.keySet()
            + "); check the names against GET /taskmanagers/" + tm.name() + "/metrics");
      }
      Pause.millis(250);
    }
  }

  /** {@code jcmd PID GC.run} on TaskManager {@code n}, so that class unloading can be measured. */
  public void gcTaskManager(int n) {
    FlinkProcess tm = taskManager(n);
    tm.requireAlive("before GC.run");
    List<String> cmd = List.of(FlinkRuntime.jcmd().toString(), Long.toString(tm.pid()), "GC.run");
    try {
      Process jcmd = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new LocalFlinkException(String.join(" ", cmd) + " failed on " + tm.name() + ": " + output);
      }
    } catch (IOException e) {
      throw new LocalFlinkException("Cannot run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalFlinkException("Interrupted during " + String.join(" ", cmd), e);
    }
  }

  /** Stops the TaskManagers, then the JobManager (SIGTERM, SIGKILL after a grace period). Cancels nothing. */
  @Override
  public void close() {
    RuntimeException failure = null;
    List<FlinkProcess> order = new ArrayList<>(taskManagers);
    order.add(jobManager);
    for (FlinkProcess process : order) {
      try {
        process.terminate(STOP_GRACE);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "LocalFlinkCluster{" + restUrl() + ", " + jobManager + ", " + taskManagers + ", workDir=" + workDir() + "}";
  }
}
