package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.rules.ExternalResource;

/**
 * A local cluster of its own for one test class ({@code @ClassRule}) or one test ({@code @Rule}):
 * started in {@code before()}, every node killed by PID in {@code after()}.
 *
 * <pre>{@code
 * @ClassRule public static final FreshCluster CLUSTER = new FreshCluster(3, "127.0.11.1", "cassandra-3nodes");
 * }</pre>
 */
public final class FreshCluster extends ExternalResource {
  private final ClusterSpec spec;
  private LocalCluster cluster;
  private long startMillis;

  /** {@code nodes} nodes from {@code baseAddress}, files under {@code target/<workDirName>}. */
  public FreshCluster(int nodes, String baseAddress, String workDirName) {
    this(nodes, baseAddress, workDirName, UnaryOperator.identity());
  }

  /** As above, with further changes to the spec (yaml overrides, timeouts ...). */
  public FreshCluster(int nodes, String baseAddress, String workDirName, UnaryOperator<ClusterSpec> customize) {
    this.spec = customize.apply(
        ClusterSpec.nodes(nodes).withBaseAddress(baseAddress).withWorkDir(Path.of("target", workDirName)));
  }

  @Override
  protected void before() {
    long started = System.nanoTime();
    // LocalCluster.start kills whatever it launched if it fails, so there is nothing to undo here.
    cluster = LocalCluster.start(spec);
    startMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("FreshCluster: %d node(s) on %s ready in %d ms%n",
        spec.nodes(), spec.nodeAddresses(), startMillis);
  }

  @Override
  protected void after() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
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

  /** A new driver-4 session on all nodes; the caller closes it. */
  public CqlSession newSession() {
    return DriverConfig.newSession(cluster().contactPoints(), cluster().localDatacenter());
  }
}
