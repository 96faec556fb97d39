package io.cassandraio.internal.grouping;

import java.io.Serializable;

/**
 * How big a batch may grow. The defaults keep every batch under Cassandra's 5 KiB
 * {@code batch_size_warn_threshold} and its warning for unlogged batches over 10 partitions.
 */
public record BatchLimits(int maxRows, int maxBytes, int maxPartitions) implements Serializable {
  public static final int DEFAULT_MAX_ROWS = 32;
  /** 4 KiB: our estimate counts protocol overhead too, so the server sees less than this. */
  public static final int DEFAULT_MAX_BYTES = 4 * 1024;
  public static final int DEFAULT_MAX_PARTITIONS = 10;

  public BatchLimits {
    require("withMaxBatchRows", maxRows, 1, 65_535);
    require("withMaxBatchBytes", maxBytes, 64, 50 * 1024);
    require("withMaxPartitionsPerBatch", maxPartitions, 1, 1000);
  }

  public static BatchLimits defaults() {
    return new BatchLimits(DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, DEFAULT_MAX_PARTITIONS);
  }

  public BatchLimits withMaxRows(int rows) {
    return new BatchLimits(rows, maxBytes, maxPartitions);
  }

  public BatchLimits withMaxBytes(int bytes) {
    return new BatchLimits(maxRows, bytes, maxPartitions);
  }

  public BatchLimits withMaxPartitions(int partitions) {
    return new BatchLimits(maxRows, maxBytes, partitions);
  }

  private static void require(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
