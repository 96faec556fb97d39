package io.cassandraio;

import java.util.List;

/**
 * Elements of one shard, cut together, with the id and the base write timestamp fixed when they
 * were cut. The writer gives the k-th element of a partition in the batch the timestamp {@code
 * baseTimestampMicros + k} ({@link #timestampOf}), so that later elements win over earlier ones
 * for the same cell, as they would without batching; the sequencing step starts the next batch
 * above {@code baseTimestampMicros + elements().size()}.
 */
public record MicroBatch<T>(BatchId id, long baseTimestampMicros, List<T> elements) {
  public MicroBatch {
    elements = List.copyOf(elements);
  }

  /** The write timestamp of the {@code rank}-th element (0-based) of one partition in this batch. */
  public long timestampOf(int rank) {
    return baseTimestampMicros + rank;
  }
}
