package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/** Checks that a contender wrote every row: the count, and a sample of rows compared in full. */
final class Verifier {
  static final int SAMPLES = 50;
  static final int SLICES = 64;

  private Verifier() {}

  /**
   * Counts by slices of the token ring: one count(*) over a million rows runs into the server's
   * range-read timeout.
   */
  static long count(BenchTarget target) {
    PreparedStatement slice = target.admin().prepare("SELECT count(*) FROM " + BenchTarget.KEYSPACE + "."
        + BenchTarget.TABLE + " WHERE token(sensor_id) > ? AND token(sensor_id) <= ?");
    BigInteger ringSize = BigInteger.ONE.shiftLeft(64);
    BigInteger step = ringSize.divide(BigInteger.valueOf(SLICES));
    long total = 0;
    for (int i = 0; i < SLICES; i++) {
      long from = BigInteger.valueOf(Long.MIN_VALUE).add(step.multiply(BigInteger.valueOf(i))).longValue();
      long to = i == SLICES - 1 ? Long.MAX_VALUE
          : BigInteger.valueOf(Long.MIN_VALUE).add(step.multiply(BigInteger.valueOf(i + 1))).longValue();
      // Murmur3 never yields the minimum token, so "> minimum" loses nothing.
      total += target.admin().execute(slice.bind(from, to).setConsistencyLevel(target.consistency())
          .setTimeout(Duration.ofMinutes(2))).one().getLong(0);
    }
    return total;
  }

  /** The number of rows stored; throws if it or any sampled row is wrong. */
  static long verify(String contender, BenchTarget target, LocalityWorkload workload) {
    long count = count(target);
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
