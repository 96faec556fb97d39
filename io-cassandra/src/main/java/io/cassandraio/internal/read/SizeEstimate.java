package io.cassandraio.internal.read;

/**
 * One row of {@code system.size_estimates} for the table read: the range {@code (start, end]}
 * (wrapping when {@code start >= end}), its estimated partitions and their mean size in bytes.
 * Cassandra recomputes these every few minutes; they are 0 or absent on a fresh table and may be
 * far off, so the planner only takes them as a hint (see {@link SplitPlanner}).
 */
public record SizeEstimate(long start, long end, long partitions, long meanPartitionBytes) {}
