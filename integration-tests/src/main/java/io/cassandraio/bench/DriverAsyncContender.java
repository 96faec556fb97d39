package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.LocalityWorkload;

/**
 * The reference: a plain driver-4 loop of prepared INSERTs with {@code executeAsync} and a
 * bounded number in flight, the "fastest general-purpose" pattern.
 */
public final class DriverAsyncContender implements Contender {
  public static final String NAME = "driver-async";
  static final int IN_FLIGHT = 256;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double write(BenchTarget target, LocalityWorkload workload) throws Exception {
    long start = System.nanoTime();
    try (CqlSession session = target.newSession()) {
      return (System.nanoTime() - start) / 1e9 + writeAll(session, target, workload);
    }
  }

  private double writeAll(CqlSession session, BenchTarget target, LocalityWorkload workload) throws Exception {
    PreparedStatement insert = session.prepare(BenchTarget.INSERT);
    BoundedAsyncSender sender = new BoundedAsyncSender(session, IN_FLIGHT);
    long start = System.nanoTime();
    for (long run = 0; run < workload.runs(); run++) {
      for (Event e : workload.run(run)) {
        sender.send(insert.bind(e.sensorId(), e.ts(), e.value(), e.payload())
            .setConsistencyLevel(target.consistency()).setIdempotent(true));
      }
    }
    sender.awaitAll(NAME);
    return (System.nanoTime() - start) / 1e9;
  }
}
