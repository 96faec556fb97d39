package io.cassandraio.internal.read;

import java.util.List;

/**
 * A token range of the ring as the driver's token map gives it: {@code (start, end]}, wrapping
 * around the ring when {@code start >= end} ({@code (t, t]} is the whole ring of a single-token
 * node), with the replicas that own it (sorted ids, so that equal sets compare equal).
 */
public record RingRange(long start, long end, List<String> replicas) {
  public RingRange {
    replicas = List.copyOf(replicas.stream().sorted().toList());
  }
}
