package io.cassandraio.internal.grouping;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.internal.routing.GroupKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Instant;
import org.junit.Test;

/** How a bundle is cut into requests; statements are stubs, the logic is real. */
public class BundleGrouperTest {
  private final BundleGrouper grouper = new BundleGrouper(new BatchLimits(4, 1000, 3), false);
  private final BundleGrouper auto = new BundleGrouper(new BatchLimits(4, 1000, 3), true);

  private static PendingWrite<String> write(String element, GroupKey group, String partition, int bytes, long timestamp) {
    BoundStatement statement = mock(BoundStatement.class);
    when(statement.getQueryTimestamp()).thenReturn(timestamp);
    return new PendingWrite<>(element, statement, bytes, true, group,
        partition == null ? null : ByteBuffer.wrap(partition.getBytes(StandardCharsets.UTF_8)),
        Instant.EPOCH, GlobalWindow.INSTANCE, PaneInfo.NO_FIRING);
  }

  private static PendingWrite<String> write(String element, GroupKey group, String partition) {
    return write(element, group, partition, 100, Long.MIN_VALUE);
  }

  private static List<List<String>> elements(List<WriteUnit<String>> units) {
    List<List<String>> out = new ArrayList<>();
    for (WriteUnit<String> u : units) {
      out.add(u.writes().stream().map(PendingWrite::element).toList());
    }
    return out;
  }

  @Test
  public void singletonsGoAloneAndGroupsBecomeBatches() {
    GroupKey a = new GroupKey("a");
    List<WriteUnit<String>> units = grouper.group(List.of(
        write("s1", GroupKey.SINGLETON, "x"), write("a1", a, "a"), write("a2", a, "a"),
        write("s2", GroupKey.SINGLETON, "x")));
    assertEquals(List.of(List.of("s1"), List.of("s2"), List.of("a1", "a2")), elements(units));
    assertFalse(units.get(0).isBatch());
    assertTrue(units.get(2).isBatch());
    assertTrue(units.get(2).statement() instanceof BatchStatement);
  }

  @Test
  public void aGroupOfOneIsAPlainStatement() {
    List<WriteUnit<String>> units = grouper.group(List.of(write("a1", new GroupKey("a"), "a")));
    assertFalse(units.get(0).isBatch());
    assertTrue(units.get(0).statement() instanceof BoundStatement);
  }

  @Test
  public void batchesAreCutByRows() {
    GroupKey a = new GroupKey("a");
    List<PendingWrite<String>> in = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      in.add(write("a" + i, a, "a"));
    }
    assertEquals(List.of(List.of("a0", "a1", "a2", "a3"), List.of("a4", "a5", "a6", "a7"), List.of("a8")),
        elements(grouper.group(in)));
  }

  @Test
  public void batchesAreCutByBytes() {
    GroupKey a = new GroupKey("a");
    List<WriteUnit<String>> units = grouper.group(List.of(
        write("a0", a, "a", 600, 0), write("a1", a, "a", 300, 0), write("a2", a, "a", 200, 0)));
    assertEquals(List.of(List.of("a0", "a1"), List.of("a2")), elements(units));
    assertEquals(900, units.get(0).sizeBytes());
  }

  @Test
  public void replicaSetBatchesAreCutByPartitions() {
    GroupKey replicas = new GroupKey("replica-set-1");
    List<WriteUnit<String>> units = grouper.group(List.of(
        write("p1", replicas, "p1"), write("p2", replicas, "p2"), write("p2b", replicas, "p2"),
        write("p3", replicas, "p3"), write("p4", replicas, "p4")));
    // at most 3 partitions per batch, at most 4 rows
    assertEquals(List.of(List.of("p1", "p2", "p2b", "p3"), List.of("p4")), elements(units));
  }

  @Test
  public void differentWriteTimestampsNeverShareABatch() {
    GroupKey a = new GroupKey("a");
    List<WriteUnit<String>> units = grouper.group(List.of(
        write("t1", a, "a", 100, 1L), write("t2", a, "a", 100, 2L), write("t1b", a, "a", 100, 1L)));
    assertEquals(List.of(List.of("t1", "t1b"), List.of("t2")), elements(units));
  }

  @Test
  public void autoGivesRepeatedPartitionsBatchesOfTheirOwnAndPacksLoneRows() {
    GroupKey replicas = new GroupKey("replica-set-1");
    List<WriteUnit<String>> units = auto.group(List.of(
        write("x1", replicas, "x"), write("l1", replicas, "l1"), write("x2", replicas, "x"),
        write("l2", replicas, "l2"), write("l3", replicas, "l3"), write("l4", replicas, "l4"),
        write("x3", replicas, "x")));
    assertEquals(List.of(List.of("x1", "x2", "x3"), List.of("l1", "l2", "l3"), List.of("l4")),
        elements(units));
  }
}
