package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.CassandraConnection;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A Cassandra that tests run against: the shared node ({@link SharedCassandra#NODE}) or a cluster
 * of a test class's own ({@link FreshCluster}).
 */
public interface TestCassandra {
  List<InetSocketAddress> contactPoints();

  String localDatacenter();

  /**
   * The test's own session, for schema changes and for reading back what the code under test
   * wrote. Owned by this object: do not close it.
   */
  CqlSession session();

  /** A connection for the code under test, without a session keyspace. */
  default CassandraConnection connection() {
    return CassandraConnection.create().withContactPoints(contactPoints()).withLocalDatacenter(localDatacenter());
  }

  /** A new driver-4 session with the tests' timeouts; the caller closes it. */
  default CqlSession newSession() {
    return DriverConfig.newSession(contactPoints(), localDatacenter());
  }
}
