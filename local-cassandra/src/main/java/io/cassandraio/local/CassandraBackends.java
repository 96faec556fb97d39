package io.cassandraio.local;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.cassandra.CassandraContainer;

/**
 * The one way tests and examples get a Cassandra: an external cluster if
 * {@value #CONTACT_POINTS_ENV} is set, else Testcontainers if Docker answers, else real local
 * nodes started as child JVMs (the "embedded default").
 *
 * <pre>{@code
 * try (RunningCassandra cassandra = CassandraBackends.fromEnvironment(ClusterSpec.nodes(1))) {
 *   CqlSession session = CqlSession.builder()
 *       .addContactPoints(cassandra.contactPoints())
 *       .withLocalDatacenter(cassandra.localDatacenter()).build();
 * }
 * }</pre>
 */
public final class CassandraBackends {
  /** Comma-separated {@code host[:port]} of an external cluster to use instead of starting one. */
  public static final String CONTACT_POINTS_ENV = "CASSANDRA_CONTACT_POINTS";
  /** Local datacenter of that external cluster; default {@value ClusterSpec#LOCAL_DATACENTER}. */
  public static final String LOCAL_DC_ENV = "CASSANDRA_LOCAL_DC";
  /** Forces a backend: {@code external}, {@code testcontainers} or {@code local}. */
  public static final String BACKEND_ENV = "CASSANDRA_BACKEND";
  /** Docker image of the Testcontainers backend: the same Cassandra line as the local launcher. */
  public static final String DOCKER_IMAGE = "cassandra:5.0";

  private static final Logger LOG = LoggerFactory.getLogger(CassandraBackends.class);

  private CassandraBackends() {}

  /** Chooses a backend from this process's environment and starts it if needed. */
  public static RunningCassandra fromEnvironment(ClusterSpec localSpec) {
    return start(System.getenv(), localSpec);
  }

  static RunningCassandra start(Map<String, String> env, ClusterSpec localSpec) {
    BackendKind kind = BackendSelector.choose(env, () -> DockerProbe.dockerAnswers(env));
    RunningCassandra cassandra = switch (kind) {
      case EXTERNAL -> external(
          ContactPoints.parse(env.get(CONTACT_POINTS_ENV)),
          env.getOrDefault(LOCAL_DC_ENV, ClusterSpec.LOCAL_DATACENTER));
      case TESTCONTAINERS -> testcontainers();
      case LOCAL -> local(LocalCluster.start(localSpec));
    };
    LOG.info("Using Cassandra: {}", cassandra.description());
    return cassandra;
  }

  /**
   * An external cluster named explicitly, e.g. by a job's {@code --cassandraContactPoints} option:
   * a job submitted to a Flink cluster runs its main in the JobManager, whose environment is not
   * the submitter's. {@code source} names where the text came from, for errors and logs.
   */
  public static RunningCassandra external(String contactPoints, String localDatacenter, String source) {
    List<InetSocketAddress> points = ContactPoints.parse(contactPoints, source);
    return new Fixed(BackendKind.EXTERNAL, points, localDatacenter,
        "external cluster at " + points + " (" + source + ")", () -> {});
  }

  static RunningCassandra external(List<InetSocketAddress> points, String dc) {
    return new Fixed(BackendKind.EXTERNAL, points, dc, "external cluster at " + points + " (" + CONTACT_POINTS_ENV + ")", () -> {});
  }

  /** Wraps a started local cluster; closing it stops its nodes. */
  public static RunningCassandra local(LocalCluster cluster) {
    return new Fixed(
        BackendKind.LOCAL,
        cluster.contactPoints(),
        cluster.localDatacenter(),
        "local " + cluster.spec().nodes() + "-node Cassandra " + ServerRuntime.cassandraVersion()
            + " on " + cluster.spec().nodeAddresses() + ":" + cluster.spec().nativePort()
            + " (files in " + cluster.spec().workDir() + ")",
        cluster::close);
  }

  @SuppressWarnings("resource") // closed through the returned RunningCassandra
  private static RunningCassandra testcontainers() {
    CassandraContainer container = new CassandraContainer(DOCKER_IMAGE);
    container.start();
    return new Fixed(
        BackendKind.TESTCONTAINERS,
        List.of(container.getContactPoint()),
        container.getLocalDatacenter(),
        "Testcontainers " + DOCKER_IMAGE + " at " + container.getContactPoint(),
        container::stop);
  }

  private record Fixed(
      BackendKind kind,
      List<InetSocketAddress> contactPoints, String localDatacenter, String description, Runnable stop)
      implements RunningCassandra {
    @Override
    public void close() {
      stop.run();
    }
  }
}
