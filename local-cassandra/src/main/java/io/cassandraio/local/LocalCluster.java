package io.cassandraio.local;

import io.cassandraio.localprocess.LocalPorts;
import io.cassandraio.localprocess.Pause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Cassandra cluster of 1 to {@value ClusterSpec#MAX_NODES} nodes, each a child JVM
 * on its own loopback address.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(ClusterSpec.nodes(3))) {
 *   CqlSession session = CqlSession.builder()
 *       .addContactPoints(cluster.contactPoints())
 *       .withLocalDatacenter(cluster.localDatacenter())
 *       .build();
 *   cluster.kill(2);      // SIGKILL by PID
 *   cluster.restart(2);   // same data, same token; waits until all nodes see it UP
 *   cluster.pause(3);     // SIGSTOP: alive, but answers nothing
 *   cluster.resume(3);    // SIGCONT
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once CQL answers on every node and every node sees all nodes UP. The
 * nodes stop with {@link #close()}, with this JVM's shutdown and, unless
 * {@link ClusterSpec#withStopWithLauncher} says otherwise, even when this JVM is killed.
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
  private static final long POLL_MILLIS = 250;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private final ClusterSpec spec;
  private final List<LocalNode> nodes;
  private final Thread shutdownHook;
  /** How the readiness probe speaks TLS to nodes with client encryption; null without. */
  private final SSLContext probeTls;

  private LocalCluster(ClusterSpec spec, List<LocalNode> nodes) {
    this.spec = spec;
    this.nodes = nodes;
    this.probeTls = spec.clientEncryption().map(ClientEncryption::probeContext).orElse(null);
    this.shutdownHook = new Thread(this::killAll, "local-cassandra-shutdown");
  }

  /**
   * Starts a cluster and waits until it is ready: a fresh one (its node directories are wiped)
   * unless {@link ClusterSpec#withKeepData} says otherwise.
   */
  public static LocalCluster start(ClusterSpec spec) {
    List<Integer> jmxPorts = new ArrayList<>();
    for (int i = 1; i <= spec.nodes(); i++) {
      // JMX binds 127.0.0.1 only, whatever the node's address.
      jmxPorts.add(LocalPorts.freePort("127.0.0.1", "JMX", LauncherException::new));
    }
    List<LocalNode> nodes = nodes(spec, jmxPorts);
    // Check every port before launching anything, so that a clash leaves nothing behind.
    nodes.forEach(LocalNode::requirePortsFree);
    if (!spec.keepData()) {
      nodes.forEach(node -> wipe(node.directory()));
    }

    LocalCluster cluster = new LocalCluster(spec, List.copyOf(nodes));
    if (spec.stopWithLauncher()) {
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    }
    long started = System.nanoTime();
    try {
      // The seed first: with the short ring delay that makes starts fast, a node whose seed
      // does not answer gossip yet gives up at once ("Unable to gossip with any peers").
      LocalNode seed = nodes.get(0);
      seed.launch();
      cluster.awaitGossipPort(seed, System.nanoTime() + spec.readinessTimeout().toNanos());
      nodes.subList(1, nodes.size()).forEach(LocalNode::launch);
      cluster.awaitReady();
    } catch (RuntimeException e) {
      List<Long> pids = cluster.nodes.stream().map(LocalNode::pid).filter(pid -> pid > 0).toList();
      try {
        cluster.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
        throw e;
      }
      LauncherException stopped = new LauncherException(
          e.getMessage() + "\nThe launcher stopped every node it had started (PIDs " + pids + ").", e);
      throw stopped;
    }
    LOG.info("Cassandra {} ready on {} in {} ms (work dir {})",
        ServerRuntime.cassandraVersion(), spec.nodeAddresses(),
        (System.nanoTime() - started) / 1_000_000, spec.workDir());
    return cluster;
  }

  /**
   * The cluster whose nodes another launcher process started (the command line's {@code start})
   * with {@code spec}, node {@code i} with JMX port {@code jmxPorts[i - 1]} and, while it runs,
   * PID {@code pids[i - 1]}: so that a later command can kill, pause or restart its nodes. Nodes
   * that are gone can be {@link #restart}ed. Closing it kills the nodes that run.
   */
  public static LocalCluster attach(ClusterSpec spec, List<Integer> jmxPorts, List<Long> pids) {
    if (jmxPorts.size() != spec.nodes() || pids.size() != spec.nodes()) {
      throw new IllegalArgumentException("one JMX port and one PID per node: " + spec.nodes() + " nodes, JMX ports "
          + jmxPorts + ", PIDs " + pids);
    }
    List<LocalNode> nodes = nodes(spec, jmxPorts);
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).adopt(ProcessHandle.of(pids.get(i)).filter(ServerRuntime::isNode));
    }
    return new LocalCluster(spec, List.copyOf(nodes));
  }

  /** The nodes of {@code spec}, not launched; node i gets the tokens {@link ClusterSpec#tokens()} gives it. */
  private static List<LocalNode> nodes(ClusterSpec spec, List<Integer> jmxPorts) {
    Path java = JdkCheck.requireSupported(spec.javaHome().orElseGet(JdkCheck::defaultJavaHome));
    List<List<Long>> tokens = spec.tokens();
    List<LocalNode> nodes = new ArrayList<>();
    for (int i = 1; i <= spec.nodes(); i++) {
      nodes.add(new LocalNode(spec, NodeLayout.of(spec, i), tokens.get(i - 1), java, jmxPorts.get(i - 1)));
    }
    return nodes;
  }

  /**
   * Waits until CQL answers on every running node and each sees all running nodes UP (all
   * {@link ClusterSpec#nodes()} unless some were killed and not restarted). A node that dies
   * meanwhile fails at once with the end of its log.
   */
  public void awaitReady() {
    long deadline = System.nanoTime() + spec.readinessTimeout().toNanos();
    for (LocalNode node : nodes) {
      if (node.isAlive()) {
        awaitReady(node, deadline);
      }
    }
  }

  private void awaitGossipPort(LocalNode seed, long deadline) {
    while (!LocalPorts.acceptsConnections(seed.address(), spec.storagePort(), CONNECT_TIMEOUT)) {
      seed.requireAlive("during startup");
      if (System.nanoTime() > deadline) {
        throw notReady(seed, "its storage (gossip) port " + spec.storagePort() + " did not open");
      }
      Pause.millis(POLL_MILLIS);
    }
  }

  private void awaitReady(LocalNode node, long deadline) {
    List<String> expected = nodes.stream().filter(LocalNode::shouldRun).map(LocalNode::address).toList();
    String missing;
    while (true) {
      // Every started node, not only the one awaited: a peer that died is the reason to report.
      for (LocalNode n : nodes) {
        if (n.shouldRun()) {
          n.requireAlive("during startup");
        }
      }
      missing = readiness(node, expected);
      if (missing == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw notReady(node, missing);
      }
      Pause.millis(POLL_MILLIS);
    }
  }

  private LauncherException notReady(LocalNode node, String missing) {
    return new LauncherException(
        "node" + node.index() + " (" + node.address() + ", PID " + node.pid() + ") was not ready within "
            + spec.readinessTimeout().toSeconds() + " s: " + missing + ". Its log: "
            + node.logFile() + ". Raise the timeout with ClusterSpec.withReadinessTimeout "
            + "(command line: --timeout-seconds) on a slow or busy machine.");
  }

  /** Null when ready, else what is still missing. */
  private String readiness(LocalNode node, List<String> expected) {
    if (!CqlProbe.answers(node.address(), node.nativePort(), probeTls)) {
      return "CQL on " + node.address() + ":" + node.nativePort() + (probeTls == null ? "" : " (TLS)")
          + " did not answer";
    }
    List<String> live;
    try {
      live = node.jmx().liveNodes();
    } catch (IOException | RuntimeException e) {
      return "JMX on 127.0.0.1:" + node.jmx().port() + " did not answer (" + e.getMessage() + ")";
    }
    if (!live.containsAll(expected)) {
      return "it sees " + live + " UP, expected " + expected;
    }
    return null;
  }

  /** Node {@code index}, 1-based. */
  public LocalNode node(int index) {
    spec.nodeAddress(index); // range check with a clear message
    return nodes.get(index - 1);
  }

  public List<LocalNode> nodes() {
    return nodes;
  }

  public ClusterSpec spec() {
    return spec;
  }

  /** SIGKILL node {@code index} by PID and wait until its process is gone. */
  public void kill(int index) {
    node(index).kill();
    LOG.info("Killed node{} ({})", index, node(index).address());
  }

  /**
   * SIGSTOP node {@code index} by PID (see {@link LocalNode#pause}); {@link #resume} thaws it. A
   * paused node is still running for {@link #awaitReady}, which therefore waits for its resume.
   */
  public void pause(int index) {
    node(index).pause();
    LOG.info("Paused node{} ({})", index, node(index).address());
  }

  /** SIGCONT node {@code index}: it runs on where it stopped. Does not wait for its peers to see it UP again. */
  public void resume(int index) {
    node(index).resume();
    LOG.info("Resumed node{} ({})", index, node(index).address());
  }

  /** Starts a killed node again with the same data and token, then waits until all are ready. */
  public void restart(int index) {
    long started = System.nanoTime();
    node(index).launch();
    awaitReady();
    LOG.info("Restarted node{} in {} ms", index, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Thaws every paused node and starts every node that is not running (same data and token), the
   * seed first if it is down, then waits until every node sees all nodes UP: the cluster as
   * {@link #start} left it, after any mix of {@link #kill} and {@link #pause}. Returns the indexes
   * of the nodes it restarted or resumed.
   */
  public List<Integer> restoreAll() {
    long started = System.nanoTime();
    List<Integer> touched = new ArrayList<>();
    long deadline = System.nanoTime() + spec.readinessTimeout().toNanos();
    for (LocalNode node : nodes) {
      if (node.isPaused()) {
        node.resume();
        touched.add(node.index());
      }
    }
    LocalNode seed = nodes.get(0);
    if (!seed.isAlive()) {
      seed.launch();
      touched.add(seed.index());
      // As in start: a node whose seed does not answer gossip yet gives up at once.
      awaitGossipPort(seed, deadline);
    }
    for (LocalNode node : nodes.subList(1, nodes.size())) {
      if (!node.isAlive()) {
        node.launch();
        touched.add(node.index());
      }
    }
    awaitReady();
    if (!touched.isEmpty()) {
      LOG.info("Restored node(s) {} in {} ms", touched, (System.nanoTime() - started) / 1_000_000);
    }
    return touched;
  }

  /** Native-protocol addresses of all nodes, for the driver's contact points. */
  public List<InetSocketAddress> contactPoints() {
    return nodes.stream().map(n -> new InetSocketAddress(n.address(), n.nativePort())).toList();
  }

  public String localDatacenter() {
    return ClusterSpec.LOCAL_DATACENTER;
  }

  /** Kills every node by PID and waits until all are gone. Data stays on disk. */
  @Override
  public void close() {
    killAll();
    try {
      if (spec.stopWithLauncher()) {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      }
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or ran; nothing to remove.
    }
  }

  private void killAll() {
    RuntimeException first = null;
    for (LocalNode node : nodes) {
      try {
        node.kill();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void wipe(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot wipe " + dir, e);
    }
  }
}
