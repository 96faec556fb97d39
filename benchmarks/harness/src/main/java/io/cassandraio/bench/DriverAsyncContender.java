package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.LocalityWorkload;

/**
 * The reference: a plain driver-4 loop of prepared INSERTs with {@code executeAsync} and a
 * bounded number in flight, the "fastest general-purpose" pattern.
 */
public final class DriverAsyncContender extends PlainDriverContender {
  public static final String NAME = "driver-async";
  static final int IN_FLIGHT = 256;

  public DriverAsyncContender() {
    super(IN_FLIGHT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void send(PreparedStatement insert, BoundedAsyncSender sender, BenchTarget target, LocalityWorkload workload)
      throws InterruptedException {
    for (long run = 0; run < workload.runs(); run++) {
      for (Event e : workload.run(run)) {
        sender.send(insert.bind(e.sensorId(), e.ts(), e.value(), e.payload())
            .setConsistencyLevel(target.consistency()).setIdempotent(true));
      }
    }
  }
}
