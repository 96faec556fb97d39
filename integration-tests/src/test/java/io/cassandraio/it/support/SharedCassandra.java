package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.CassandraConnection;
import io.cassandraio.local.CassandraBackends;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * One Cassandra for the whole test JVM (failsafe runs every IT class in one JVM), started on
 * first use: an external cluster if {@code CASSANDRA_CONTACT_POINTS} is set, else Testcontainers
 * if Docker answers, else one local node on 127.0.10.1. It is stopped by a JVM shutdown hook;
 * the local nodes also halt by themselves when this JVM dies (parent-PID watchdog).
 *
 * <p>Tests that share it take a keyspace of their own: {@link TestKeyspace#onSharedNode}.
 */
public final class SharedCassandra {
  /** Loopback address of the shared node; -Dshared.cassandra.address moves it (parallel runs). */
  public static final String BASE_ADDRESS = System.getProperty("shared.cassandra.address", "127.0.10.1");
  public static final Path WORK_DIR = Path.of("target", "cassandra-shared");

  /** The shared Cassandra as a {@link TestCassandra}; started on first use. */
  public static final TestCassandra NODE = new TestCassandra() {
    @Override
    public List<InetSocketAddress> contactPoints() {
      return get().contactPoints();
    }

    @Override
    public String localDatacenter() {
      return get().localDatacenter();
    }

    @Override
    public CqlSession session() {
      return SharedCassandra.session();
    }
  };

  private static RunningCassandra instance;
  private static CqlSession session;

  private SharedCassandra() {}

  /** The shared Cassandra, started now if this is the first call in this JVM. */
  public static synchronized RunningCassandra get() {
    if (instance == null) {
      long started = System.nanoTime();
      RunningCassandra cassandra = CassandraBackends.fromEnvironment(
          ClusterSpec.nodes(1).withBaseAddress(BASE_ADDRESS).withWorkDir(WORK_DIR)
              // Off by default in Cassandra 5; ReadIT reads a view.
              .withYaml("materialized_views_enabled", "true"));
      Runtime.getRuntime().addShutdownHook(new Thread(SharedCassandra::stop, "shared-cassandra-stop"));
      instance = cassandra;
      System.out.printf("SharedCassandra: %s ready in %d ms%n",
          cassandra.description(), (System.nanoTime() - started) / 1_000_000);
    }
    return instance;
  }

  /** The tests' session on the shared Cassandra, one for the JVM, closed before the node stops. Do not close it. */
  public static synchronized CqlSession session() {
    if (session == null) {
      session = newSession();
    }
    return session;
  }

  private static synchronized void stop() {
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      instance.close();
    }
  }

  public static List<InetSocketAddress> contactPoints() {
    return NODE.contactPoints();
  }

  public static String localDatacenter() {
    return NODE.localDatacenter();
  }

  /** A connection to the shared Cassandra for the code under test, without a session keyspace. */
  public static CassandraConnection connection() {
    return NODE.connection();
  }

  /** A new driver-4 session on the shared Cassandra; the caller closes it. */
  public static CqlSession newSession() {
    return NODE.newSession();
  }
}
