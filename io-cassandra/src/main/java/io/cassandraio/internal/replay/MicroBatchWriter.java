package io.cassandraio.internal.replay;

import io.cassandraio.MicroBatch;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Writes the statements of micro-batches: the part of the commit protocol that talks to the tables written. */
public interface MicroBatchWriter<T> {
  /**
   * Writes every batch and waits for all of it, even if the thread is interrupted meanwhile (the
   * flag is restored before returning). Never throws for a failed statement: it reports it.
   */
  Outcome write(List<MicroBatch<T>> batches);

  /**
   * {@code incomplete}: indexes (into the list written) of batches with a statement that failed or
   * was never sent; {@code firstFailure}: the first statement's error, if any; {@code stoppedBy}: an
   * exception that stopped sending part-way (rethrown after the complete batches are recorded).
   */
  record Outcome(Set<Integer> incomplete, @Nullable Throwable firstFailure, @Nullable RuntimeException stoppedBy) {
    public static Outcome complete() {
      return new Outcome(Set.of(), null, null);
    }
  }
}
