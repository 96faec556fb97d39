package io.cassandraio.examples.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cassandraio.local.CassandraBackends;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.time.Duration;

/** Chooses the Cassandra of an example job: its option, else its environment, else an embedded node. */
public final class JobCassandra {
  static final String OPTION = "--cassandraContactPoints";
  private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

  private JobCassandra() {}

  /**
   * {@code --cassandraContactPoints} if given; else {@link CassandraBackends#fromEnvironment}, which
   * starts an embedded node on {@code localSpec} unless {@value CassandraBackends#CONTACT_POINTS_ENV}
   * is set. Inside a Flink cluster the embedded node is refused: it would run in the JobManager and
   * die with the job's main, long before the job's writers reach it.
   */
  public static RunningCassandra open(CassandraTargetOptions options, ClusterSpec localSpec, boolean insideFlinkCluster) {
    String fromOption = options.getCassandraContactPoints();
    if (fromOption != null && !fromOption.isBlank()) {
      return CassandraBackends.external(fromOption, options.getLocalDatacenter(), OPTION);
    }
    String fromEnv = System.getenv(CassandraBackends.CONTACT_POINTS_ENV);
    if (insideFlinkCluster && (fromEnv == null || fromEnv.isBlank())) {
      throw new IllegalArgumentException("This job was submitted to a Flink cluster but names no Cassandra: pass "
          + OPTION + "=host:port,... (and --localDatacenter=DC if it is not " + ClusterSpec.LOCAL_DATACENTER
          + "); an embedded node is started only by local runs");
    }
    return CassandraBackends.fromEnvironment(localSpec);
  }

  /**
   * The main's own session, for its schema statements. A schema change on a busy cluster takes
   * longer than the driver's 2 s default request timeout, so these get 60 s. Built with this jar's
   * class loader: on a cluster the main runs in Flink's user-code class loader.
   */
  public static CqlSession adminSession(RunningCassandra cassandra) {
    return adminSession(cassandra.contactPoints(), cassandra.localDatacenter());
  }

  /** As above, for contact points given as {@code host:port}, e.g. those of a {@code CassandraConnection}. */
  public static CqlSession adminSession(List<String> hostPorts, String localDatacenter) {
    return adminSession(hostPorts.stream().map(JobCassandra::socketAddress).toList(), localDatacenter);
  }

  private static CqlSession adminSession(Collection<InetSocketAddress> contactPoints, String localDatacenter) {
    ClassLoader jar = JobCassandra.class.getClassLoader();
    return CqlSession.builder()
        .withClassLoader(jar)
        .withConfigLoader(DriverConfigLoader.programmaticBuilder(jar)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, SCHEMA_TIMEOUT).build())
        .addContactPoints(contactPoints)
        .withLocalDatacenter(localDatacenter)
        .build();
  }

  private static InetSocketAddress socketAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
