package io.cassandraio;

/** How statements of one bundle are grouped into UNLOGGED batches. */
public enum Grouping {
  /**
   * The default, and the fastest in the benchmark: a partition with several rows in the bundle
   * goes as single-partition batches of its own (the cheapest batch for Cassandra); lone rows
   * whose partitions have the same replicas are packed together (up to
   * {@link CassandraIO.Write#withMaxPartitionsPerBatch} partitions), which saves requests even
   * without locality. Without a token map, lone rows go as plain statements.
   */
  AUTO,
  /** Batches only statements of the same partition. */
  PARTITION,
  /**
   * Batches statements whose partitions have the same replicas (several partitions per batch,
   * capped by {@link CassandraIO.Write#withMaxPartitionsPerBatch}). Falls back to
   * {@link #PARTITION} when the driver knows no token map.
   */
  REPLICA_SET,
  /** No batches: every statement is sent on its own, still under the in-flight window. */
  NONE
}
