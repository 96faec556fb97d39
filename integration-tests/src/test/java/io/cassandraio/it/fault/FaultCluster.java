package io.cassandraio.it.fault;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.cassandraio.it.support.TestCassandra;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.rules.ExternalResource;

/**
 * One 3-node cluster (real processes) for every fault class of this JVM, and for the other classes
 * that need three nodes (ThreeNodeWriteIT): starting one takes 20 to 30 s here, so the first class
 * that needs it starts it and the JVM's exit stops it
 * (the launcher's shutdown hook and parent-PID watchdog). Each class gets it whole, as if fresh:
 * {@link #before()} thaws paused nodes, restarts killed ones and waits until every node sees all
 * three UP, and the test session's driver too. A scenario that breaks nodes calls {@link #restore()}
 * when it needs them back.
 *
 * <p>Its addresses: {@code -Dfault.cluster.address} (default 127.0.51.1-3); when only
 * {@code -Dfresh.cluster.address=a.b.c.d} is given (a helper's address block), {@code a.b.c.(d+10)},
 * so that the fresh clusters of other classes, which start on that address, never collide with it.
 */
public final class FaultCluster extends ExternalResource implements TestCassandra {
  public static final int NODES = 3;
  private static final Duration DRIVER_SEES_ALL_UP = Duration.ofSeconds(60);

  private static LocalCluster cluster;
  private static CqlSession session;

  @Override
  protected void before() {
    restore();
  }

  static String baseAddress() {
    String explicit = System.getProperty("fault.cluster.address");
    if (explicit != null) {
      return explicit;
    }
    String fresh = System.getProperty("fresh.cluster.address");
    if (fresh == null) {
      return "127.0.51.1";
    }
    int dot = fresh.lastIndexOf('.');
    return fresh.substring(0, dot + 1) + (Integer.parseInt(fresh.substring(dot + 1)) + 10);
  }

  /** The cluster, started on first use. */
  public static synchronized LocalCluster cluster() {
    if (cluster == null) {
      long t0 = System.nanoTime();
      cluster = LocalCluster.start(ClusterSpec.nodes(NODES).withBaseAddress(baseAddress())
          .withWorkDir(Path.of("target", "cassandra-faults")));
      System.out.printf("FaultCluster: %d nodes on %s ready in %.1f s%n", NODES, cluster.spec().nodeAddresses(),
          (System.nanoTime() - t0) / 1e9);
      Runtime.getRuntime().addShutdownHook(new Thread(FaultCluster::closeSession, "fault-cluster-session-close"));
    }
    return cluster;
  }

  /**
   * Every node running, not paused, seen UP by every node and by the test session. Returns the
   * nodes it had to restart or resume.
   */
  public List<Integer> restore() {
    LocalCluster c = cluster();
    long t0 = System.nanoTime();
    List<Integer> touched = c.restoreAll();
    awaitDriverSeesAllUp();
    if (!touched.isEmpty()) {
      System.out.printf("FaultCluster: node(s) %s restored in %.1f s%n", touched, (System.nanoTime() - t0) / 1e9);
    }
    return touched;
  }

  /** Waits until the test session's driver sees the node UP (it learns a little after the nodes). */
  void awaitDriverSeesAllUp() {
    await("the test session sees all " + NODES + " nodes UP").atMost(DRIVER_SEES_ALL_UP)
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          Map<String, NodeState> states = states();
          return states.size() == NODES && states.values().stream().allMatch(s -> s == NodeState.UP);
        });
  }

  private Map<String, NodeState> states() {
    return session().getMetadata().getNodes().values().stream().collect(Collectors.toMap(
        n -> ((InetSocketAddress) n.getEndPoint().resolve()).getAddress().getHostAddress(), Node::getState,
        (a, b) -> a, TreeMap::new));
  }

  @Override
  public List<InetSocketAddress> contactPoints() {
    return cluster().contactPoints();
  }

  @Override
  public String localDatacenter() {
    return cluster().localDatacenter();
  }

  /** The tests' session, one for the JVM; do not close it. */
  @Override
  public synchronized CqlSession session() {
    synchronized (FaultCluster.class) {
      if (session == null) {
        session = newSession();
      }
      return session;
    }
  }

  private static synchronized void closeSession() {
    if (session != null) {
      session.close();
    }
  }
}
