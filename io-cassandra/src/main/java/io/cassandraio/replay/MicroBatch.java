package io.cassandraio.replay;

import java.util.List;

/**
 * Elements of one shard, cut together, with the id and the base write timestamp fixed when they
 * were cut. Element {@code i} is written at {@code baseTimestampMicros + i}, so that later
 * elements win over earlier ones for the same cell, as they would without batching.
 */
public record MicroBatch<T>(BatchId id, long baseTimestampMicros, List<T> elements) {
  public MicroBatch {
    elements = List.copyOf(elements);
  }

  public long timestampOf(int index) {
    return baseTimestampMicros + index;
  }
}
