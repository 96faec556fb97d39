package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.rules.ExternalResource;

/**
 * A local cluster of its own for one test class ({@code @ClassRule}) or one test ({@code @Rule}):
 * started in {@code before()}, every node killed by PID in {@code after()}.
 *
 * <pre>{@code
 * @ClassRule(order = 0) public static final FreshCluster CLUSTER = new FreshCluster(3, "127.0.11.1", "cassandra-3nodes");
 * @ClassRule(order = 1) public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "it_three_nodes");
 * }</pre>
 *
 * <p>{@code -Dfresh.cluster.address=127.0.x.y} moves every fresh cluster of a test JVM to that base
 * address (they run one after the other), so that two checkouts can run their tests side by side.
 */
public final class FreshCluster extends ExternalResource implements TestCassandra {
  private final ClusterSpec spec;
  private LocalCluster cluster;
  private CqlSession session;
  private long startMillis;

  /** {@code nodes} nodes from {@code baseAddress}, files under {@code target/<workDirName>}. */
  public FreshCluster(int nodes, String baseAddress, String workDirName) {
    this(nodes, baseAddress, workDirName, UnaryOperator.identity());
  }

  /** As above, with further changes to the spec (yaml overrides, timeouts ...). */
  public FreshCluster(int nodes, String baseAddress, String workDirName, UnaryOperator<ClusterSpec> customize) {
    this.spec = customize.apply(ClusterSpec.nodes(nodes).withBaseAddress(baseAddress(baseAddress))
        .withWorkDir(Path.of("target", workDirName)));
  }

  /**
   * {@code nodes} nodes with {@code tokensPerNode} vnodes each ({@link ClusterSpec#withVnodes}):
   * the token layout most real clusters have, ranges of unequal sizes owned in turn by every node.
   * Start it once per class ({@code @ClassRule}); with three nodes it takes 20 to 35 s here.
   */
  public static FreshCluster withVnodes(int nodes, int tokensPerNode, String baseAddress, String workDirName) {
    return new FreshCluster(nodes, baseAddress, workDirName, spec -> spec.withVnodes(tokensPerNode));
  }

  /** {@code usual}, unless {@code -Dfresh.cluster.address} moves the clusters that tests start. */
  public static String baseAddress(String usual) {
    return System.getProperty("fresh.cluster.address", usual);
  }

  @Override
  protected void before() {
    long started = System.nanoTime();
    // LocalCluster.start kills whatever it launched if it fails, so there is nothing to undo here.
    cluster = LocalCluster.start(spec);
    startMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("FreshCluster: %d node(s)%s on %s ready in %d ms%n", spec.nodes(),
        spec.tokensPerNode() > 1 ? " with " + spec.tokensPerNode() + " vnodes each" : "", spec.nodeAddresses(),
        startMillis);
  }

  @Override
  protected void after() {
    try {
      if (session != null) {
        session.close();
        session = null;
      }
    } finally {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }
  }

  public LocalCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("The cluster is not running (rule not applied, or already closed)");
    }
    return cluster;
  }

  public ClusterSpec spec() {
    return spec;
  }

  /** How long {@code before()} took to start the cluster. */
  public long startMillis() {
    return startMillis;
  }

  @Override
  public List<InetSocketAddress> contactPoints() {
    return cluster().contactPoints();
  }

  @Override
  public String localDatacenter() {
    return cluster().localDatacenter();
  }

  /** The test's session on all nodes, opened on first use and closed before the cluster stops. */
  @Override
  public synchronized CqlSession session() {
    if (session == null) {
      session = newSession();
    }
    return session;
  }
}
