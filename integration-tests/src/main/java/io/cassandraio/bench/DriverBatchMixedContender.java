package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.LocalityWorkload;

/**
 * The anti-pattern: UNLOGGED batches of consecutive rows whatever their partitions, sent
 * asynchronously. The coordinator has to fan each batch out to many partitions.
 */
public final class DriverBatchMixedContender implements Contender {
  static final int ROWS_PER_BATCH = 20;
  static final int IN_FLIGHT = DriverAsyncContender.IN_FLIGHT / ROWS_PER_BATCH + 1;

  @Override
  public String name() {
    return "driver-batch-mixed";
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
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
    for (long run = 0; run < workload.runs(); run++) {
      for (Event e : workload.run(run)) {
        batch.addStatement(insert.bind(e.sensorId(), e.ts(), e.value(), e.payload()));
        if (batch.getStatementsCount() == ROWS_PER_BATCH) {
          sender.send(batch.build().setConsistencyLevel(target.consistency()).setIdempotent(true));
          batch = BatchStatement.builder(BatchType.UNLOGGED);
        }
      }
    }
    if (batch.getStatementsCount() > 0) {
      sender.send(batch.build().setConsistencyLevel(target.consistency()).setIdempotent(true));
    }
    sender.awaitAll(name());
    return (System.nanoTime() - start) / 1e9;
  }
}
