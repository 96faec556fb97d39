package io.cassandraio.bench;

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
public final class DriverBatchMixedContender extends PlainDriverContender {
  static final int ROWS_PER_BATCH = 20;
  static final int IN_FLIGHT = DriverAsyncContender.IN_FLIGHT / ROWS_PER_BATCH + 1;

  public DriverBatchMixedContender() {
    super(IN_FLIGHT);
  }

  @Override
  public String name() {
    return "driver-batch-mixed";
  }

  @Override
  void send(PreparedStatement insert, BoundedAsyncSender sender, BenchTarget target, LocalityWorkload workload)
      throws InterruptedException {
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
  }
}
