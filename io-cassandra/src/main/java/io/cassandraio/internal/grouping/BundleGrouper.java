package io.cassandraio.internal.grouping;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.internal.routing.GroupKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cuts a bundle's pending writes into requests: statements with the same {@link GroupKey} (and
 * the same consistency and write timestamp, which a batch can only have once) are cut into
 * batches bounded by rows, bytes and partitions; a group of one, and every statement the router
 * marked {@link GroupKey#SINGLETON}, goes on its own.
 */
public final class BundleGrouper {
  private final BatchLimits limits;
  private final boolean separateRepeatedPartitions;

  /**
   * {@code separateRepeatedPartitions} is {@link io.cassandraio.Grouping#AUTO}'s rule: within a
   * group, a partition with several rows gets single-partition batches of its own (the cheapest
   * batch for Cassandra), and only the lone rows of different partitions are packed together.
   */
  public BundleGrouper(BatchLimits limits, boolean separateRepeatedPartitions) {
    this.limits = limits;
    this.separateRepeatedPartitions = separateRepeatedPartitions;
  }

  public <T> List<WriteUnit<T>> group(List<PendingWrite<T>> pending) {
    List<WriteUnit<T>> units = new ArrayList<>();
    Map<BatchKey, List<PendingWrite<T>>> groups = new LinkedHashMap<>();
    for (PendingWrite<T> w : pending) {
      if (w.group().isSingleton()) {
        units.add(WriteUnit.single(w));
      } else {
        groups.computeIfAbsent(BatchKey.of(w.group(), w.statement()), k -> new ArrayList<>()).add(w);
      }
    }
    for (List<PendingWrite<T>> group : groups.values()) {
      if (separateRepeatedPartitions) {
        cutRepeatedPartitionsApart(group, units);
      } else {
        cut(group, units);
      }
    }
    return units;
  }

  private <T> void cutRepeatedPartitionsApart(List<PendingWrite<T>> group, List<WriteUnit<T>> out) {
    Map<Object, List<PendingWrite<T>>> byPartition = new LinkedHashMap<>();
    for (PendingWrite<T> w : group) {
      Object partition = w.partition() == null ? new Object() : w.partition();
      byPartition.computeIfAbsent(partition, k -> new ArrayList<>()).add(w);
    }
    List<PendingWrite<T>> loneRows = new ArrayList<>();
    for (List<PendingWrite<T>> rows : byPartition.values()) {
      if (rows.size() == 1) {
        loneRows.add(rows.get(0));
      } else {
        cut(rows, out);
      }
    }
    cut(loneRows, out);
  }

  private <T> void cut(List<PendingWrite<T>> group, List<WriteUnit<T>> out) {
    List<PendingWrite<T>> current = new ArrayList<>();
    Set<ByteBuffer> partitions = new HashSet<>();
    int bytes = 0;
    for (PendingWrite<T> w : group) {
      ByteBuffer partition = w.partition();
      boolean newPartition = partition == null || !partitions.contains(partition);
      boolean full = current.size() >= limits.maxRows()
          || bytes + w.sizeBytes() > limits.maxBytes()
          || (newPartition && partitions.size() >= limits.maxPartitions());
      if (!current.isEmpty() && full) {
        out.add(WriteUnit.batch(current));
        current = new ArrayList<>();
        partitions.clear();
        bytes = 0;
      }
      current.add(w);
      bytes += w.sizeBytes();
      if (partition != null) {
        partitions.add(partition);
      }
    }
    if (!current.isEmpty()) {
      out.add(WriteUnit.batch(current));
    }
  }

  /** The group key plus what a batch can hold only once. */
  private record BatchKey(GroupKey group, Object consistency, Object serialConsistency, long timestamp) {
    static BatchKey of(GroupKey group, BoundStatement s) {
      return new BatchKey(group, Objects.toString(s.getConsistencyLevel()),
          Objects.toString(s.getSerialConsistencyLevel()), s.getQueryTimestamp());
    }
  }
}
