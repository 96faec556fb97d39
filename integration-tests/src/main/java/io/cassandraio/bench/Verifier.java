package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.time.Duration;
import java.util.List;

/** Checks that a contender wrote every row: the count, and a sample of rows compared in full. */
final class Verifier {
  static final int SAMPLES = 50;

  private Verifier() {}

  /** The number of rows stored; throws if it or any sampled row is wrong. */
  static long verify(String contender, BenchTarget target, LocalityWorkload workload) {
    long count = target.admin().execute(SimpleStatement.newInstance(
        "SELECT count(*) FROM " + BenchTarget.KEYSPACE + "." + BenchTarget.TABLE)
        .setConsistencyLevel(target.consistency()).setTimeout(Duration.ofMinutes(2))).one().getLong(0);
    if (count != workload.rows()) {
      throw new IllegalStateException(contender + " stored " + count + " rows, expected " + workload.rows());
    }
    PreparedStatement select = target.admin().prepare("SELECT value, payload FROM " + BenchTarget.KEYSPACE
        + "." + BenchTarget.TABLE + " WHERE sensor_id = ? AND ts = ?");
    long runs = workload.runs();
    for (int i = 0; i < SAMPLES; i++) {
      List<Event> run = workload.run((i * 7919L) % runs);
      Event e = run.get((i * 104729) % run.size());
      Row row = target.admin().execute(select.bind(e.sensorId(), e.ts()).setConsistencyLevel(target.consistency())).one();
      if (row == null || row.getDouble("value") != e.value() || !e.payload().equals(row.getString("payload"))) {
        throw new IllegalStateException(contender + " stored a wrong or no row for " + e + ": " + row);
      }
    }
    return count;
  }
}
