package io.cassandraio.examples.cluster;

import io.cassandraio.local.CassandraBackends;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;

/** Chooses the Cassandra of an example job: its option, else its environment, else an embedded node. */
public final class JobCassandra {
  static final String OPTION = "--cassandraContactPoints";

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
}
