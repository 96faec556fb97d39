package io.cassandraio.examples;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.local.CassandraBackends;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The project's main job until CassandraIO.write lands: gets a Cassandra (the one named by
 * CASSANDRA_CONTACT_POINTS, else a real local node it starts itself), creates the wind-turbine
 * schema, writes a few aggregated rows with driver 4 and reads them back.
 */
public final class LocalRoundTrip {
  private LocalRoundTrip() {}

  public static void main(String[] args) {
    System.out.println("Getting a Cassandra (set CASSANDRA_CONTACT_POINTS to use your own) ...");
    try (RunningCassandra cassandra = CassandraBackends.fromEnvironment(ClusterSpec.nodes(1));
        CqlSession session = CqlSession.builder()
            .addContactPoints(cassandra.contactPoints())
            .withLocalDatacenter(cassandra.localDatacenter())
            .build()) {
      System.out.println("Connected to " + cassandra.description());
      session.execute("CREATE KEYSPACE IF NOT EXISTS sensor_data WITH replication = "
          + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("CREATE TABLE IF NOT EXISTS sensor_data.turbine_aggregated_sensor_data ("
          + "turbineid text, reported_time timestamp, max_speed double, min_speed double, "
          + "avg_speed double, PRIMARY KEY (turbineid, reported_time))");
      PreparedStatement insert = session.prepare(
          "INSERT INTO sensor_data.turbine_aggregated_sensor_data "
              + "(turbineid, reported_time, max_speed, min_speed, avg_speed) VALUES (?, ?, ?, ?, ?)");
      Instant window = Instant.parse("2026-11-22T00:00:00Z");
      int written = 0;
      for (int turbine = 1; turbine <= 3; turbine++) {
        for (int w = 0; w < 4; w++) {
          double min = 5 + turbine + w;
          session.execute(insert.bind("turbine-" + turbine, window.plus(5L * w, ChronoUnit.MINUTES),
              min + 4, min, min + 2));
          written++;
        }
      }
      System.out.println("Wrote " + written + " rows to sensor_data.turbine_aggregated_sensor_data");
      System.out.println("turbineid  reported_time         min   max   avg");
      for (Row row : session.execute("SELECT * FROM sensor_data.turbine_aggregated_sensor_data "
          + "WHERE turbineid = 'turbine-2'")) {
        System.out.printf("%-10s %s %5.1f %5.1f %5.1f%n", row.getString("turbineid"),
            row.getInstant("reported_time"), row.getDouble("min_speed"),
            row.getDouble("max_speed"), row.getDouble("avg_speed"));
      }
    }
    System.out.println("Done; the embedded node (if one was started) is stopped.");
  }
}
