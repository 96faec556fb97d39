package io.cassandraio;

/** How statements of one bundle are grouped into UNLOGGED batches. */
public enum Grouping {
  /**
   * The default: groups by partition; a partition with several rows in the bundle goes as one
   * single-partition batch (the cheapest batch for Cassandra), a lone row as a plain statement.
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
