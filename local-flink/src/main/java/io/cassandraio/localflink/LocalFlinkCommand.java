package io.cassandraio.localflink;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/flink ...}: a local Flink session cluster that outlives the command, to submit
 * jobs to by hand and to break on purpose. Tests use {@link LocalFlinkCluster} or
 * {@link FlinkClusterRule} directly.
 */
@Command(
    name = "scripts/flink",
    synopsisSubcommandLabel = "COMMAND",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = LocalFlinkCommand.Version.class,
    description = "A real standalone Apache Flink session cluster (one JobManager, N TaskManagers) as "
        + "background JVMs on a loopback address.",
    subcommands = {LocalFlinkCommand.Start.class, LocalFlinkCommand.Status.class,
        LocalFlinkCommand.Submit.class, LocalFlinkCommand.Savepoint.class, LocalFlinkCommand.Cancel.class,
        LocalFlinkCommand.KillTaskManager.class, LocalFlinkCommand.RestartTaskManager.class,
        LocalFlinkCommand.Stop.class})
public final class LocalFlinkCommand implements Callable<Integer> {
  /** Default of {@code --dir}; scripts/flink sets it to the repository's target/local-flink. */
  static final String DIR_PROPERTY = "localflink.cli.dir";

  @Spec CommandSpec command;

  public static void main(String[] args) {
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return new CommandLine(new LocalFlinkCommand())
        .setOut(out)
        .setErr(err)
        .setOverwrittenOptionsAllowed(true)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          if (e instanceof LocalFlinkException || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
          }
          throw e;
        });
  }

  @Override
  public Integer call() {
    command.commandLine().usage(command.commandLine().getOut());
    return 2;
  }

  /** {@code --dir}, shared by every command: the cluster's files and its cluster.json. */
  static final class DirOption {
    @Option(names = "--dir", paramLabel = "DIR",
        defaultValue = "${sys:" + DIR_PROPERTY + ":-target/local-flink}",
        description = "Directory of the cluster's files and state (default: ${DEFAULT-VALUE}).")
    Path dir;

    Path dir() {
      return dir.toAbsolutePath().normalize();
    }

    Optional<ClusterStateFile> state() {
      return ClusterStateFile.read(dir());
    }

    /** The recorded cluster; a clear error when none is recorded or its JobManager is gone. */
    LocalFlinkCluster runningCluster() {
      ClusterStateFile state = state().orElseThrow(() -> new LocalFlinkException(
          "No local Flink cluster recorded in " + dir() + "; start one with 'scripts/flink start'."));
      LocalFlinkCluster cluster = state.attach();
      if (cluster.jobManagerPid() < 0) {
        throw new LocalFlinkException("The JobManager recorded in " + dir().resolve(ClusterStateFile.FILE_NAME)
            + " (PID " + state.jobManagerPid() + ") is not running; run 'scripts/flink stop', then 'scripts/flink start'.");
      }
      return cluster;
    }
  }

  @Command(name = "start", sortOptions = false,
      description = "Starts a fresh cluster that keeps running after this command returns, once "
          + "every TaskManager has registered its slots. Savepoints and checkpoints in DIR are kept.")
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec command;

    @Option(names = "--taskmanagers", paramLabel = "N", description = "Number of TaskManagers (default: ${DEFAULT-VALUE}).")
    int taskManagers = FlinkClusterSpec.DEFAULT_TASK_MANAGERS;

    @Option(names = "--slots", paramLabel = "S", description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
    int slots = FlinkClusterSpec.DEFAULT_SLOTS;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Loopback address every process binds to (default: ${DEFAULT-VALUE}).")
    String host = FlinkClusterSpec.DEFAULT_HOST;

    @Option(names = "--rest-port", paramLabel = "PORT", description = "REST port of the JobManager, 0 = a free one (default: ${DEFAULT-VALUE}).")
    int restPort = 8081;

    @Option(names = "--timeout-seconds", paramLabel = "SECONDS",
        description = "How long to wait until every TaskManager has registered (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = FlinkClusterSpec.DEFAULT_START_TIMEOUT.toSeconds();

    @Mixin DirOption dir;

    /** The cluster these options ask for; a value the spec refuses is a usage error naming its option. */
    FlinkClusterSpec spec() {
      FlinkClusterSpec spec = FlinkClusterSpec.defaults();
      spec = option("--taskmanagers", spec, s -> s.withTaskManagers(taskManagers));
      spec = option("--slots", spec, s -> s.withSlotsPerTaskManager(slots));
      spec = option("--host", spec, s -> s.withHost(host));
      spec = option("--rest-port", spec, s -> s.withRestPort(restPort));
      spec = option("--timeout-seconds", spec, s -> s.withStartTimeout(Duration.ofSeconds(timeoutSeconds)));
      return spec.withWorkDir(dir.dir()).withStopWithLauncher(false);
    }

    private FlinkClusterSpec option(String name, FlinkClusterSpec spec, java.util.function.UnaryOperator<FlinkClusterSpec> with) {
      try {
        return with.apply(spec);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), "Invalid value for option '" + name + "': " + e.getMessage(), e);
      }
    }

    @Override
    public Integer call() {
      FlinkClusterSpec spec = spec();
      PrintWriter out = command.commandLine().getOut();
      Optional<ClusterStateFile> previous = dir.state();
      if (previous.isPresent() && previous.get().attach().jobManagerPid() > 0) {
        throw new LocalFlinkException("A local Flink cluster from " + dir.dir() + " is still running ("
            + "JobManager PID " + previous.get().jobManagerPid() + "); run 'scripts/flink stop' first.");
      }
      long started = System.nanoTime();
      LocalFlinkCluster cluster = LocalFlinkCluster.start(spec);
      ClusterStateFile.of(cluster).write(dir.dir());
      out.printf("Started Flink %s: 1 JobManager + %d TaskManager(s) x %d slots in %.1f s%n",
          FlinkRuntime.flinkVersion(), spec.taskManagers(), spec.slotsPerTaskManager(), (System.nanoTime() - started) / 1e9);
      out.printf("  REST %s  (Beam: --runner=FlinkRunner --flinkMaster=%s)%n", cluster.restUrl(), cluster.flinkMaster());
      out.printf("  jobmanager     PID %d  log %s%n", cluster.jobManagerPid(), cluster.jobManagerLog());
      for (int n = 1; n <= cluster.taskManagerCount(); n++) {
        out.printf("  taskmanager-%d  PID %d  log %s%n", n, cluster.taskManagerPid(n), cluster.taskManagerLog(n));
      }
      out.printf("  savepoints %s%n", cluster.savepointDir());
      out.println("Stop it: scripts/flink stop");
      return 0;
    }
  }

  @Command(name = "status",
      description = "Processes and PIDs, REST URL, registered TaskManagers with slots, jobs with states. "
          + "Exit code 0 when every process runs and REST answers, 1 when not, 3 when no cluster is recorded.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      Optional<ClusterStateFile> state = dir.state();
      if (state.isEmpty()) {
        out.println("No local Flink cluster recorded in " + dir.dir());
        return 3;
      }
      LocalFlinkCluster cluster = state.get().attach();
      boolean allUp = cluster.jobManagerPid() > 0;
      out.printf("REST %s%n", cluster.restUrl());
      out.printf("jobmanager     PID %d %s%n", state.get().jobManagerPid(), cluster.jobManagerPid() > 0 ? "running" : "gone");
      for (int n = 1; n <= cluster.taskManagerCount(); n++) {
        boolean alive = cluster.isTaskManagerAlive(n);
        allUp &= alive;
        out.printf("taskmanager-%d  PID %d %s%n", n, state.get().taskManagerPids().get(n - 1), alive ? "running" : "gone");
      }
      try {
        out.println("Registered TaskManagers: " + cluster.registeredTaskManagers());
        Map<String, String> jobs = cluster.jobs();
        out.println("Jobs: " + (jobs.isEmpty() ? "none" : ""));
        jobs.forEach((id, status) -> out.printf("  %s  %s%n", id, status));
      } catch (LocalFlinkException e) {
        out.println("REST not answering: " + e.getMessage());
        allUp = false;
      }
      return allUp ? 0 : 1;
    }
  }

  @Command(name = "submit", description = "Uploads JAR and runs its main class on the cluster; prints the JobID.")
  static final class Submit implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Parameters(index = "0", paramLabel = "JAR", description = "The (shaded) job jar.")
    Path jar;

    @Option(names = "--class", required = true, paramLabel = "CLASS", description = "Entry class (its main runs on the JobManager).")
    String entryClass;

    @Option(names = "--parallelism", paramLabel = "P", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 1;

    @Option(names = "--savepoint", paramLabel = "PATH", description = "Restore from this savepoint (all its state must map to the job).")
    String savepoint;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Program arguments, after '--'.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      String jobId = dir.runningCluster().submit(jar, entryClass, args, parallelism, savepoint);
      command.commandLine().getOut().println(jobId);
      return 0;
    }
  }

  @Command(name = "savepoint", description = "Takes a savepoint of JOBID into DIR/savepoints; prints its path.")
  static final class Savepoint implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Parameters(index = "0", paramLabel = "JOBID")
    String jobId;

    @Option(names = "--stop", description = "Stop the job with the savepoint (stop-with-savepoint, no drain).")
    boolean stop;

    @Option(names = "--timeout-seconds", paramLabel = "SECONDS", description = "Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds = 120;

    @Override
    public Integer call() {
      LocalFlinkCluster cluster = dir.runningCluster();
      String state = cluster.jobState(jobId); // names an unknown job before triggering
      if (!state.equals("RUNNING")) {
        throw new LocalFlinkException("Job " + jobId + " is " + state + "; only a RUNNING job can take a savepoint.");
      }
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      String path = stop ? cluster.stopWithSavepoint(jobId, timeout) : cluster.triggerSavepoint(jobId, timeout);
      command.commandLine().getOut().println(path);
      return 0;
    }
  }

  @Command(name = "cancel", description = "Cancels JOBID and waits until it is CANCELED.")
  static final class Cancel implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Parameters(index = "0", paramLabel = "JOBID")
    String jobId;

    @Override
    public Integer call() {
      dir.runningCluster().cancel(jobId);
      command.commandLine().getOut().println("Canceled " + jobId);
      return 0;
    }
  }

  @Command(name = "kill-taskmanager", description = "SIGKILL of TaskManager N (1..) by PID; returns when it is gone.")
  static final class KillTaskManager implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Parameters(index = "0", paramLabel = "N")
    int n;

    @Override
    public Integer call() {
      LocalFlinkCluster cluster = dir.runningCluster();
      long pid = cluster.taskManagerPid(n);
      if (pid < 0) {
        throw new LocalFlinkException("taskmanager-" + n + " is not running");
      }
      cluster.killTaskManager(n);
      command.commandLine().getOut().printf("Killed taskmanager-%d (PID %d)%n", n, pid);
      return 0;
    }
  }

  @Command(name = "restart-taskmanager", description = "Starts a fresh TaskManager N and waits until it has registered.")
  static final class RestartTaskManager implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Parameters(index = "0", paramLabel = "N")
    int n;

    @Override
    public Integer call() {
      LocalFlinkCluster cluster = dir.runningCluster();
      cluster.restartTaskManager(n);
      ClusterStateFile.of(cluster).write(dir.dir());
      command.commandLine().getOut().printf("Restarted taskmanager-%d: PID %d%n", n, cluster.taskManagerPid(n));
      return 0;
    }
  }

  @Command(name = "stop", description = "Stops the TaskManagers, then the JobManager, by PID (SIGTERM, then SIGKILL).")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      Optional<ClusterStateFile> state = dir.state();
      if (state.isEmpty()) {
        out.println("No local Flink cluster recorded in " + dir.dir());
        return 0;
      }
      state.get().attach().close();
      out.printf("Stopped the JobManager (PID %d) and TaskManagers (PIDs %s)%n",
          state.get().jobManagerPid(), state.get().taskManagerPids());
      ClusterStateFile.delete(dir.dir());
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"local-flink for Apache Flink " + FlinkRuntime.flinkVersion()};
    }
  }
}
