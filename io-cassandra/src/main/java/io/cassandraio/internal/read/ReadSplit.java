package io.cassandraio.internal.read;

import java.io.Serializable;
import java.util.List;

/**
 * What one reader reads: token slices of the ring (their replicas are the same when the planner
 * grouped them by replica set), or the whole table without a token restriction when {@link
 * #wholeTable()} (a partitioner other than Murmur3, or no token map). A serializable value.
 */
public record ReadSplit(List<TokenSlice> slices) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ReadSplit {
    slices = List.copyOf(slices);
  }

  /** The split that reads the whole table with one paged query. */
  public static ReadSplit ofWholeTable() {
    return new ReadSplit(List.of());
  }

  public boolean wholeTable() {
    return slices.isEmpty();
  }
}
