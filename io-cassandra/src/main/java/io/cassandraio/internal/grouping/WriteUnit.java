package io.cassandraio.internal.grouping;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.List;

/** One request: a plain statement, or an UNLOGGED batch of statements that belong together. */
public record WriteUnit<T>(List<PendingWrite<T>> writes, Statement<?> statement, int sizeBytes, boolean idempotent) {

  public static <T> WriteUnit<T> single(PendingWrite<T> write) {
    return new WriteUnit<>(List.of(write), write.statement(), write.sizeBytes(), write.idempotent());
  }

  /**
   * An UNLOGGED batch. Its consistency, serial consistency and write timestamp come from the
   * first statement: the grouper only batches statements that agree on them.
   */
  public static <T> WriteUnit<T> batch(List<PendingWrite<T>> writes) {
    if (writes.size() == 1) {
      return single(writes.get(0));
    }
    BoundStatement first = writes.get(0).statement();
    BatchStatementBuilder builder = BatchStatement.builder(BatchType.UNLOGGED);
    int bytes = 0;
    boolean idempotent = true;
    for (PendingWrite<T> w : writes) {
      builder.addStatement(w.statement());
      bytes += w.sizeBytes();
      idempotent &= w.idempotent();
    }
    BatchStatement batch = builder
        .setConsistencyLevel(first.getConsistencyLevel())
        .setSerialConsistencyLevel(first.getSerialConsistencyLevel())
        .setQueryTimestamp(first.getQueryTimestamp())
        .setExecutionProfileName(first.getExecutionProfileName())
        .setIdempotence(idempotent)
        .build();
    return new WriteUnit<>(List.copyOf(writes), batch, bytes, idempotent);
  }

  public boolean isBatch() {
    return writes.size() > 1;
  }

  /** A batch over more than one partition (statements without a routing key count as apart). */
  public boolean spansPartitions() {
    return isBatch() && writes.stream().map(w -> w.partition() == null ? w : w.partition()).distinct().count() > 1;
  }
}
