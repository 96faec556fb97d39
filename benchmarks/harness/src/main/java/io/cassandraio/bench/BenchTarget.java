package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.CassandraConnection;
import io.cassandraio.bench.job.BenchWrite;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The cluster a run writes to: where it is, how to connect, the consistency of every write. */
public record BenchTarget(
    List<InetSocketAddress> contactPoints, String localDc, ConsistencyLevel consistency, CqlSession admin) {
  public static final String KEYSPACE = BenchWrite.KEYSPACE;
  public static final String TABLE = BenchWrite.TABLE;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(120);

  /** Creates {@code bench.events} with replication factor {@code rf}. */
  public void createSchema(int rf) {
    admin("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE + " WITH replication = "
        + "{'class': 'SimpleStrategy', 'replication_factor': " + rf + "}");
    admin("CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + TABLE + " (sensor_id text, ts bigint, "
        + "value double, payload text, PRIMARY KEY (sensor_id, ts))");
  }

  public void truncate() {
    admin("TRUNCATE " + KEYSPACE + "." + TABLE);
  }

  /**
   * A new session, as a job would open one: the plain-driver contenders open it inside their
   * timed section, like CassandraIO and Beam's CassandraIO do.
   */
  public CqlSession newSession() {
    return CqlSession.builder().addContactPoints(contactPoints).withLocalDatacenter(localDc)
        // The server warns about every mixed batch; logging 5 KB per request would slow that
        // contender down on the client, which is not what it is measured for.
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withBoolean(DefaultDriverOption.REQUEST_LOG_WARNINGS, false).build())
        .build();
  }

  public CassandraConnection connection() {
    return CassandraConnection.create().withContactPoints(contactPoints).withLocalDatacenter(localDc);
  }

  public InetSocketAddress firstContactPoint() {
    return contactPoints.get(0);
  }

  void admin(String cql) {
    admin.execute(SimpleStatement.newInstance(cql).setTimeout(ADMIN_TIMEOUT));
  }
}
