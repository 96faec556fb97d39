package io.cassandraio.local;

import io.cassandraio.localprocess.ProcessStop;
import io.cassandraio.localprocess.ProcessSuspension;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/cassandra start|status|stop|kill|pause|resume|restart}: a local cluster that
 * outlives the command, for cqlsh-like tools or your own pipeline, and node failures on demand
 * (SIGKILL, SIGSTOP/SIGCONT, a restart with the same data). Tests and examples use
 * {@link LocalCluster} directly.
 */
@Command(
    name = "scripts/cassandra",
    synopsisSubcommandLabel = "(start | status | stop | kill | pause | resume | restart)",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // -h/--help and -V/--version on every command
    versionProvider = LocalCassandraCommand.Version.class,
    description = "Starts real Apache Cassandra nodes on 127.0.0.1..N as background JVMs (N = 1.."
        + ClusterSpec.MAX_NODES + ").",
    footer = "The JDK for the nodes comes from " + JdkCheck.JAVA_HOME_ENV
        + ", else the JDK running this command (11 or 17).",
    subcommands = {LocalCassandraCommand.Start.class, LocalCassandraCommand.Status.class,
        LocalCassandraCommand.Stop.class, LocalCassandraCommand.Kill.class, LocalCassandraCommand.PauseNode.class,
        LocalCassandraCommand.Resume.class, LocalCassandraCommand.Restart.class})
public final class LocalCassandraCommand implements Callable<Integer> {
  /** Default of {@code --dir}; scripts/cassandra sets it to the repository's target/local-cassandra. */
  static final String DIR_PROPERTY = "localcassandra.cli.dir";

  @Spec CommandSpec command;

  public static void main(String[] args) {
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return new CommandLine(new LocalCassandraCommand())
        .setOut(out)
        .setErr(err)
        // scripts and users may repeat an option; the last one wins, as before picocli.
        .setOverwrittenOptionsAllowed(true)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          if (e instanceof LauncherException || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
          }
          throw e;
        });
  }

  /** Without a command: the usage, exit code 2. */
  @Override
  public Integer call() {
    command.commandLine().usage(command.commandLine().getOut());
    return 2;
  }

  /** {@code --dir}, shared by every command. */
  static final class DirOption {
    @Option(names = "--dir", paramLabel = "DIR",
        defaultValue = "${sys:" + DIR_PROPERTY + ":-target/local-cassandra}",
        description = "Directory of the cluster's files (default: ${DEFAULT-VALUE}).")
    Path dir;

    Path dir() {
      return dir.toAbsolutePath();
    }
  }

  @Command(name = "start", sortOptions = false,
      description = {"Starts a cluster that keeps running after this command returns once every node is ready.",
          "The node directories under DIR are WIPED first: every start is a fresh, empty cluster, unless "
              + "--keep-data. To bring back one node with its data, use 'restart N'."})
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec command;

    @Option(names = "--nodes", paramLabel = "N",
        description = "Number of nodes, 1.." + ClusterSpec.MAX_NODES + " (default: ${DEFAULT-VALUE}).")
    int nodes = 1;

    @Option(names = "--vnodes", paramLabel = "T",
        description = "Tokens per node, 1.." + ClusterSpec.MAX_VNODES + " (default: ${DEFAULT-VALUE}: one evenly spaced "
            + "token per node). More than 1: a fixed random vnode ring, ranges of unequal sizes, as most real "
            + "clusters have (e.g. --vnodes 16).")
    int vnodes = 1;

    @Option(names = "--base-address", paramLabel = "ADDRESS",
        description = "Loopback address of node 1; node i gets it plus i - 1 in the last octet (default: ${DEFAULT-VALUE}).")
    String baseAddress = ClusterSpec.DEFAULT_BASE_ADDRESS;

    @Option(names = "--native-port", paramLabel = "PORT",
        description = "CQL port of every node (default: ${DEFAULT-VALUE}).")
    int nativePort = ClusterSpec.DEFAULT_NATIVE_PORT;

    @Option(names = "--heap", paramLabel = "SIZE", description = "Maximum heap of each node, as for -Xmx (default: ${DEFAULT-VALUE}).")
    String heap = ClusterSpec.DEFAULT_HEAP;

    @Option(names = "--timeout-seconds", paramLabel = "SECONDS",
        description = "How long to wait until every node is ready (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = ClusterSpec.DEFAULT_READINESS_TIMEOUT.toSeconds();

    @Option(names = "--keep-data",
        description = "Keep the node directories of the last cluster in DIR instead of wiping them (same --nodes, "
            + "--vnodes and --base-address as that cluster, else the nodes will not form the same ring).")
    boolean keepData;

    @Mixin DirOption dir;

    /** The cluster these options ask for; a value ClusterSpec refuses is a usage error naming its option. */
    ClusterSpec spec() {
      ClusterSpec spec = option("--nodes", () -> ClusterSpec.nodes(nodes));
      spec = option("--vnodes", spec::withVnodes, vnodes);
      spec = option("--base-address", spec::withBaseAddress, baseAddress);
      spec = option("--native-port", spec::withNativePort, nativePort);
      spec = option("--heap", spec::withHeap, heap);
      spec = option("--timeout-seconds", spec::withReadinessTimeout, Duration.ofSeconds(timeoutSeconds));
      return spec.withWorkDir(dir.dir()).withStopWithLauncher(false).withKeepData(keepData);
    }

    private <T> ClusterSpec option(String name, Function<T, ClusterSpec> with, T value) {
      return option(name, () -> with.apply(value));
    }

    private ClusterSpec option(String name, Supplier<ClusterSpec> spec) {
      try {
        return spec.get();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), "Invalid value for option '" + name + "': " + e.getMessage(), e);
      }
    }

    @Override
    public Integer call() {
      ClusterSpec spec = spec();
      Path dir = this.dir.dir();
      PrintWriter out = command.commandLine().getOut();
      Optional<ClusterStateFile> previous = ClusterStateFile.read(dir);
      if (previous.isPresent() && previous.get().nodes().stream().anyMatch(n -> alive(n.pid()))) {
        throw new LauncherException("A local cluster from " + dir + " is still running; "
            + "run 'scripts/cassandra stop' first.");
      }
      long started = System.nanoTime();
      LocalCluster cluster = LocalCluster.start(spec);
      ClusterStateFile.of(cluster).write(dir);
      out.printf("Started Cassandra %s: %d node(s)%s ready in %.1f s (%s)%n",
          ServerRuntime.cassandraVersion(), spec.nodes(),
          spec.tokensPerNode() > 1 ? " with " + spec.tokensPerNode() + " vnodes each" : "",
          (System.nanoTime() - started) / 1e9,
          spec.keepData() ? "data kept from the last cluster in " + dir : "fresh: node directories wiped");
      for (LocalNode n : cluster.nodes()) {
        out.printf("  node%d  %s:%d  PID %d  log %s%n", n.index(), n.address(), n.nativePort(), n.pid(), n.logFile());
      }
      out.printf("Use it: export %s=%s  (local datacenter %s)%n", CassandraBackends.CONTACT_POINTS_ENV,
          String.join(",", cluster.contactPoints().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList()),
          cluster.localDatacenter());
      out.println("Stop it: scripts/cassandra stop   Fail a node: scripts/cassandra kill|pause|resume|restart N");
      return 0;
    }
  }

  @Command(name = "status",
      description = "PID, CQL and who-sees-whom for every node. Exit code 0 when CQL answers on "
          + "every node, 1 when not, 3 when no cluster is recorded in DIR.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      Optional<ClusterStateFile> state = ClusterStateFile.read(dir.dir());
      if (state.isEmpty()) {
        out.println("No local cluster recorded in " + dir.dir());
        return 3;
      }
      boolean allUp = true;
      for (ClusterStateFile.Node n : state.get().nodes()) {
        boolean alive = alive(n.pid());
        boolean paused = alive && ProcessHandle.of(n.pid()).map(ProcessSuspension::isPaused).orElse(false);
        boolean cql = alive && !paused && CqlProbe.answers(n.address(), n.nativePort());
        String sees = "-";
        if (paused) {
          sees = "paused (SIGSTOP): 'scripts/cassandra resume " + n.index() + "'";
        } else if (alive) {
          try {
            sees = new NodeJmx(n.jmxPort()).liveNodes().toString();
          } catch (IOException e) {
            sees = "JMX not answering";
          }
        }
        allUp &= cql;
        out.printf("node%d  %s:%d  PID %d %s  CQL %s  sees UP: %s%n", n.index(), n.address(),
            n.nativePort(), n.pid(), paused ? "paused" : alive ? "running" : "gone", cql ? "answers" : "down", sees);
      }
      return allUp ? 0 : 1;
    }
  }

  @Command(name = "stop",
      description = "Kills every node recorded in DIR by PID (SIGKILL) and waits until it is gone.")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      Optional<ClusterStateFile> state = ClusterStateFile.read(dir.dir());
      if (state.isEmpty()) {
        out.println("No local cluster recorded in " + dir.dir());
        return 0;
      }
      for (ClusterStateFile.Node n : state.get().nodes()) {
        Optional<ProcessHandle> handle = ProcessHandle.of(n.pid());
        if (handle.isPresent() && ServerRuntime.isNode(handle.get())) {
          ProcessStop.kill(handle.get(), "node" + n.index(), Duration.ofSeconds(30), LauncherException::new);
          out.printf("Stopped node%d (PID %d)%n", n.index(), n.pid());
        } else {
          out.printf("node%d (PID %d) was not running%n", n.index(), n.pid());
        }
      }
      ClusterStateFile.delete(dir.dir());
      return 0;
    }
  }

  /** What {@code kill}, {@code pause}, {@code resume} and {@code restart} share: DIR, node N and the state file. */
  abstract static class NodeCommand implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin DirOption dir;

    @Parameters(index = "0", paramLabel = "N", description = "The node, 1..the number of nodes started.")
    int node;

    PrintWriter out() {
      return command.commandLine().getOut();
    }

    /** The cluster recorded in DIR; a clear error when there is none or it has no node N. */
    ClusterStateFile state() {
      ClusterStateFile state = ClusterStateFile.read(dir.dir()).orElseThrow(() -> new LauncherException(
          "No local cluster recorded in " + dir.dir() + "; start one with 'scripts/cassandra start'."));
      state.node(node, dir.dir());
      return state;
    }

    /** Node N of the recorded cluster, to act on. */
    LocalNode attached(ClusterStateFile state) {
      return state.attach(dir.dir()).node(node);
    }

    static String describe(ClusterStateFile.Node n) {
      return "node" + n.index() + " (" + n.address() + ", PID " + n.pid() + ")";
    }

    /** Fails unless node N runs (a paused node runs). */
    LocalNode running(ClusterStateFile state, String operation) {
      LocalNode n = attached(state);
      if (!n.isAlive()) {
        throw new LauncherException("Cannot " + operation + " " + describe(state.node(node, dir.dir()))
            + ": it is not running. Bring it back with 'scripts/cassandra restart " + node + "'.");
      }
      return n;
    }
  }

  @Command(name = "kill",
      description = "SIGKILLs node N by PID (as kill -9 would) and waits until it is gone. Its data stays on disk: "
          + "'restart N' brings it back.")
  static final class Kill extends NodeCommand {
    @Override
    public Integer call() {
      ClusterStateFile state = state();
      ClusterStateFile.Node recorded = state.node(node, dir.dir());
      LocalNode n = attached(state);
      if (!n.isAlive()) {
        out().printf("%s was not running%n", describe(recorded));
        return 0;
      }
      long started = System.nanoTime();
      n.kill();
      out().printf("Killed %s with SIGKILL; gone after %d ms. Restart it: scripts/cassandra restart %d%n",
          describe(recorded), (System.nanoTime() - started) / 1_000_000, node);
      return 0;
    }
  }

  @Command(name = "pause",
      description = "SIGSTOPs node N: it keeps its sockets open but answers nothing, as a node in a long GC pause "
          + "or on a hung machine. 'resume N' thaws it.")
  static final class PauseNode extends NodeCommand {
    @Override
    public Integer call() {
      ClusterStateFile state = state();
      LocalNode n = running(state, "pause");
      if (n.isPaused()) {
        out().printf("%s was already paused%n", describe(state.node(node, dir.dir())));
        return 0;
      }
      n.pause();
      out().printf("Paused %s with SIGSTOP. Resume it: scripts/cassandra resume %d%n",
          describe(state.node(node, dir.dir())), node);
      return 0;
    }
  }

  @Command(name = "resume", description = "SIGCONTs node N, paused by 'pause N': it runs on where it stopped.")
  static final class Resume extends NodeCommand {
    @Override
    public Integer call() {
      ClusterStateFile state = state();
      LocalNode n = running(state, "resume");
      if (!n.isPaused()) {
        out().printf("%s was not paused%n", describe(state.node(node, dir.dir())));
        return 0;
      }
      n.resume();
      out().printf("Resumed %s with SIGCONT%n", describe(state.node(node, dir.dir())));
      return 0;
    }
  }

  @Command(name = "restart",
      description = "Starts node N again after 'kill N' (or a crash): same directory, data and token, NOT wiped. "
          + "Returns once CQL answers on every running node and each sees all running nodes UP.")
  static final class Restart extends NodeCommand {
    @Override
    public Integer call() {
      ClusterStateFile state = state();
      LocalCluster cluster = state.attach(dir.dir());
      LocalNode n = cluster.node(node);
      if (n.isAlive()) {
        throw new LauncherException(describe(state.node(node, dir.dir())) + " is running; "
            + "'scripts/cassandra kill " + node + "' first to restart it.");
      }
      long started = System.nanoTime();
      try {
        cluster.restart(node);
      } finally {
        // Recorded even when readiness failed, so that 'stop' finds the process.
        if (n.pid() > 0) {
          state.withPid(node, n.pid()).write(dir.dir());
        }
      }
      out().printf("Restarted node%d (%s) as PID %d with its data kept: ready in %.1f s%n", node, n.address(), n.pid(),
          (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"local-cassandra for Apache Cassandra " + ServerRuntime.cassandraVersion()};
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).filter(ServerRuntime::isNode).isPresent();
  }
}
