package io.cassandraio.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code scripts/cassandra start|status|stop}: a local cluster that outlives the command, for
 * cqlsh-like tools or your own pipeline. Tests and examples use {@link LocalCluster} directly.
 */
public final class LocalCassandraCommand {
  private static final String USAGE = String.join("\n",
      "usage: scripts/cassandra start [--nodes N] [--base-address 127.0.0.1] [--native-port 9042]",
      "                               [--heap 1G] [--timeout-seconds 120] [--dir DIR]",
      "       scripts/cassandra status [--dir DIR]",
      "       scripts/cassandra stop [--dir DIR]",
      "Starts real Apache Cassandra nodes on 127.0.0.1..N as background JVMs (N = 1.." + ClusterSpec.MAX_NODES + ").",
      "The JDK for the nodes comes from " + JdkCheck.JAVA_HOME_ENV + ", else the JDK running this command (11 or 17).");

  private final PrintStream out;

  LocalCassandraCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    try {
      System.exit(new LocalCassandraCommand(System.out).run(args));
    } catch (LauncherException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  int run(String[] args) {
    if (args.length == 0) {
      out.println(USAGE);
      return 2;
    }
    Options options = Options.parse(List.of(args).subList(1, args.length));
    return switch (args[0]) {
      case "start" -> start(options);
      case "status" -> status(options.dir);
      case "stop" -> stop(options.dir);
      default -> {
        out.println("unknown command '" + args[0] + "'\n" + USAGE);
        yield 2;
      }
    };
  }

  private int start(Options options) {
    Optional<ClusterStateFile> previous = ClusterStateFile.read(options.dir);
    if (previous.isPresent() && previous.get().nodes().stream().anyMatch(n -> alive(n.pid()))) {
      throw new LauncherException("A local cluster from " + options.dir + " is still running; "
          + "run 'scripts/cassandra stop' first.");
    }
    ClusterSpec spec = ClusterSpec.nodes(options.nodes)
        .withBaseAddress(options.baseAddress)
        .withNativePort(options.nativePort)
        .withHeap(options.heap)
        .withReadinessTimeout(Duration.ofSeconds(options.timeoutSeconds))
        .withWorkDir(options.dir)
        .withStopWithLauncher(false);
    long started = System.nanoTime();
    LocalCluster cluster = LocalCluster.start(spec);
    ClusterStateFile.of(cluster).write(options.dir);
    out.printf("Started Cassandra %s: %d node(s) ready in %.1f s%n",
        ServerRuntime.cassandraVersion(), spec.nodes(), (System.nanoTime() - started) / 1e9);
    for (LocalNode n : cluster.nodes()) {
      out.printf("  node%d  %s:%d  PID %d  log %s%n", n.index(), n.address(), n.nativePort(), n.pid(), n.logFile());
    }
    out.printf("Use it: export %s=%s  (local datacenter %s)%n", CassandraBackends.CONTACT_POINTS_ENV,
        String.join(",", cluster.contactPoints().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList()),
        cluster.localDatacenter());
    out.println("Stop it: scripts/cassandra stop");
    return 0;
  }

  private int status(Path dir) {
    Optional<ClusterStateFile> state = ClusterStateFile.read(dir);
    if (state.isEmpty()) {
      out.println("No local cluster recorded in " + dir);
      return 3;
    }
    boolean allUp = true;
    for (ClusterStateFile.Node n : state.get().nodes()) {
      boolean alive = alive(n.pid());
      boolean cql = alive && CqlProbe.answers(n.address(), n.nativePort());
      String sees = "-";
      if (alive) {
        try {
          sees = new NodeJmx(n.jmxPort()).liveNodes().toString();
        } catch (IOException e) {
          sees = "JMX not answering";
        }
      }
      allUp &= cql;
      out.printf("node%d  %s:%d  PID %d %s  CQL %s  sees UP: %s%n", n.index(), n.address(),
          n.nativePort(), n.pid(), alive ? "running" : "gone", cql ? "answers" : "down", sees);
    }
    return allUp ? 0 : 1;
  }

  private int stop(Path dir) {
    Optional<ClusterStateFile> state = ClusterStateFile.read(dir);
    if (state.isEmpty()) {
      out.println("No local cluster recorded in " + dir);
      return 0;
    }
    for (ClusterStateFile.Node n : state.get().nodes()) {
      Optional<ProcessHandle> handle = ProcessHandle.of(n.pid());
      if (handle.isPresent() && isCassandraNode(handle.get())) {
        ProcessTermination.killAndWait(handle.get(), Duration.ofSeconds(30), "node" + n.index());
        out.printf("Stopped node%d (PID %d)%n", n.index(), n.pid());
      } else {
        out.printf("node%d (PID %d) was not running%n", n.index(), n.pid());
      }
    }
    ClusterStateFile.delete(dir);
    return 0;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).filter(LocalCassandraCommand::isCassandraNode).isPresent();
  }

  /** Guards against a recycled PID: only kill a process that runs our node entry point. */
  private static boolean isCassandraNode(ProcessHandle process) {
    return process.isAlive()
        && process.info().commandLine().map(c -> c.contains("-D" + ServerRuntime.NODE_MARKER_PROPERTY + "=")).orElse(true);
  }

  /** Parsed {@code --flag value} pairs. */
  private static final class Options {
    int nodes = 1;
    String baseAddress = ClusterSpec.DEFAULT_BASE_ADDRESS;
    int nativePort = ClusterSpec.DEFAULT_NATIVE_PORT;
    String heap = ClusterSpec.DEFAULT_HEAP;
    long timeoutSeconds = ClusterSpec.DEFAULT_READINESS_TIMEOUT.toSeconds();
    Path dir = ClusterSpec.nodes(1).workDir();

    static Options parse(List<String> args) {
      Options o = new Options();
      List<String> rest = new ArrayList<>(args);
      while (!rest.isEmpty()) {
        String flag = rest.remove(0);
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        String value = rest.remove(0);
        switch (flag) {
          case "--nodes" -> o.nodes = parseInt(flag, value);
          case "--base-address" -> o.baseAddress = value;
          case "--native-port" -> o.nativePort = parseInt(flag, value);
          case "--heap" -> o.heap = value;
          case "--timeout-seconds" -> o.timeoutSeconds = parseInt(flag, value);
          case "--dir" -> o.dir = Path.of(value).toAbsolutePath();
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
        }
      }
      return o;
    }

    private static int parseInt(String flag, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'", e);
      }
    }
  }
}
