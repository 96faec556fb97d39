package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.Grouping;
import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.TokenRangeCount;
import io.cassandraio.it.support.WriterMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The token layout most real clusters have: 3 nodes with 16 vnodes each ({@link
 * FreshCluster#withVnodes}), 48 ranges of unequal sizes owned in turn by every node, the range
 * that wraps around the ring owned by whichever node drew the smallest token.
 *
 * <p>{@code CassandraIO.read()} on it: every row exactly once, rows on both sides of the wrap.
 *
 * <p>The writer's grouping on it: by replica set and by partition, every row arrives (compared
 * value by value, and counted by the driver range by range over the 48 vnode ranges), batches
 * were actually made (the writer's metrics), and never mixed what they must not. On 3 nodes at
 * RF 3 every partition has the same three replicas, which would make the replica-set check
 * trivial, so it runs on an RF 1 keyspace, where each partition has one of three owners,
 * scattered over the vnode ranges; the partition grouping and the read use the RF 3 one.
 */
public class VnodesIT {
  static final int NODES = 3;
  static final int VNODES = 16;
  /** Partitions of the read test, two rows each (more if it takes more to land on both sides of the wrap). */
  private static final int READ_PARTITIONS = 150;
  private static final String TABLE_DEFINITION = "region text, pk int, ck int, v text, PRIMARY KEY ((region, pk), ck)";

  @ClassRule(order = 0)
  public static final FreshCluster CLUSTER =
      FreshCluster.withVnodes(NODES, VNODES, FreshCluster.baseAddress("127.0.72.1"), "cassandra-vnodes");
  @ClassRule(order = 1)
  public static final TestKeyspace RF3 = TestKeyspace.on(CLUSTER, "it_vnodes").withReplicationFactor(3)
      .withTable("by_partition", TABLE_DEFINITION)
      .withTable("for_read", "pk int, ck int, v text, PRIMARY KEY (pk, ck)");
  @ClassRule(order = 2)
  public static final TestKeyspace RF1 = TestKeyspace.on(CLUSTER, "it_vnodes_rf1")
      .withTable("by_replica_set", TABLE_DEFINITION);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  record Event(String region, int pk, int ck, String v) implements Serializable {
    String key() {
      return region + ":" + pk + "/" + ck;
    }
  }

  /** 120 partitions: 60 with 3 rows, 60 with one (lone rows are what replica-set batches pack). */
  static List<Event> input() {
    List<Event> out = new ArrayList<>();
    for (int ck = 0; ck < 3; ck++) {
      for (int p = 0; p < 120; p++) {
        if (ck == 0 || p < 60) {
          String region = "r" + (p % 4);
          out.add(new Event(region, p, ck, "v-" + region + "-" + p + "-" + ck));
        }
      }
    }
    return out;
  }

  /** The support gives what it promises: the driver sees 48 ranges, every node owning 16. */
  @BeforeClass
  public static void theDriverSeesAVnodeRing() {
    TokenMap tokens = CLUSTER.session().getMetadata().getTokenMap()
        .orElseThrow(() -> new AssertionError("the test session has no token map"));
    assertEquals(NODES * VNODES, tokens.getTokenRanges().size());
    for (Node node : CLUSTER.session().getMetadata().getNodes().values()) {
      assertEquals(node + " owns its vnodes", VNODES, tokens.getTokens(node).size());
    }
  }

  @Test
  public void replicaSetGroupingOnRf1NeverMixesOwnersAndWritesEveryRow() {
    Sent sent = write(RF1, "by_replica_set", Grouping.REPLICA_SET);
    TokenMap tokens = CLUSTER.session().getMetadata().getTokenMap().orElseThrow();
    CqlIdentifier ks = CqlIdentifier.fromCql(RF1.name());
    Set<Set<Node>> owners = new HashSet<>();
    int multiPartitionBatches = 0;
    for (List<BoundStatement> request : sent.requests()) {
      Set<Set<Node>> replicas = new HashSet<>();
      Set<String> partitions = new TreeSet<>();
      for (BoundStatement s : request) {
        // The replicas of the statement's own partition-key values, from this test's token map.
        Set<Node> r = tokens.getReplicas(ks, tokens.newToken(s.getBytesUnsafe("region"), s.getBytesUnsafe("pk")));
        assertEquals("RF 1: one replica per partition", 1, r.size());
        replicas.add(r);
        partitions.add(s.getString("region") + ":" + s.getInt("pk"));
      }
      owners.addAll(replicas);
      assertEquals("a REPLICA_SET batch mixed owners: " + partitions, 1, replicas.size());
      multiPartitionBatches += partitions.size() > 1 ? 1 : 0;
    }
    assertEquals("the partitions live on all 3 nodes, else the test proves nothing", NODES, owners.size());
    assertTrue("no batch spanned several partitions: REPLICA_SET was not exercised", multiPartitionBatches > 0);
    assertEveryRowArrived(RF1, "by_replica_set", DefaultConsistencyLevel.ONE);
  }

  @Test
  public void partitionGroupingBatchesOnlyRowsOfOnePartitionAndWritesEveryRow() {
    Sent sent = write(RF3, "by_partition", Grouping.PARTITION);
    for (List<BoundStatement> request : sent.requests()) {
      Set<String> partitions = new TreeSet<>();
      request.forEach(s -> partitions.add(s.getString("region") + ":" + s.getInt("pk")));
      assertEquals("a PARTITION batch spans partitions", 1, partitions.size());
    }
    assertEquals("the 60 partitions with 3 rows each go as one batch each", 60, sent.batches());
    assertEveryRowArrived(RF3, "by_partition", DefaultConsistencyLevel.ALL);
  }

  // ---- read() on the vnode ring ---------------------------------------------------------------

  /**
   * Every row exactly once through {@code CassandraIO.read()}: the keys the pipeline saw equal the
   * keys written (as a multiset, so a row read twice fails), and the driver's own count over the
   * 48 vnode ranges agrees with the reader's {@code rowsRead} metric. Rows sit on
   * both sides of the ring's wrap (checked from the token map), where Beam's own CassandraIO lost
   * data (apache/beam#21715).
   */
  @Test
  public void readGetsEveryRowExactlyOnceOnBothSidesOfTheWrap() {
    TokenMap tokens = CLUSTER.session().getMetadata().getTokenMap().orElseThrow();
    // The smallest and the largest token of the ring: the wrapping range is (last, first].
    List<Token> ring = tokens.getTokenRanges().stream().map(TokenRange::getStart).sorted().toList();
    Token first = ring.get(0);
    Token last = ring.get(ring.size() - 1);
    // The first READ_PARTITIONS keys, then only keys of the wrapping range until each side has 3
    // (tokens computed here: on this ring the side below the first token is a sliver).
    List<Integer> keys = new ArrayList<>();
    int belowFirst = 0;
    int aboveLast = 0;
    for (int pk = 0; keys.size() < READ_PARTITIONS || belowFirst < 3 || aboveLast < 3; pk++) {
      Token t = tokens.newToken(TypeCodecs.INT.encode(pk, ProtocolVersion.DEFAULT));
      boolean below = t.compareTo(first) <= 0;
      boolean above = t.compareTo(last) > 0;
      if (keys.size() < READ_PARTITIONS || (below && belowFirst < 3) || (above && aboveLast < 3)) {
        keys.add(pk);
        belowFirst += below ? 1 : 0;
        aboveLast += above ? 1 : 0;
      }
    }
    PreparedStatement insert = RF3.session().prepare("INSERT INTO " + RF3.table("for_read") + " (pk, ck, v) VALUES (?, ?, ?)");
    List<String> expected = new ArrayList<>();
    List<CompletableFuture<?>> inserts = new ArrayList<>();
    for (int pk : keys) {
      for (int ck = 0; ck < 2; ck++) {
        inserts.add(RF3.session().executeAsync(insert.bind(pk, ck, "v" + pk + "/" + ck)
            .setConsistencyLevel(DefaultConsistencyLevel.ALL)).toCompletableFuture());
        expected.add(pk + "/" + ck + "=v" + pk + "/" + ck);
      }
    }
    CompletableFuture.allOf(inserts.toArray(new CompletableFuture<?>[0])).join();
    // Twice in one pipeline: with the splits the size estimates give (all 48 ranges have the same
    // three replicas here, so few), and with more splits than ranges (every vnode range cut).
    CassandraIO.Read<Row> read = CassandraIO.read().withConnection(RF3.connection()).withTable(RF3.table("for_read"));
    PAssert.that(keysOf("Read by size estimates", read)).containsInAnyOrder(expected);
    PAssert.that(keysOf("Read in 100 splits", read.withNumSplits(100))).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long driverCount = TokenRangeCount.count(RF3.session(), RF3.table("for_read"), "pk", DefaultConsistencyLevel.ALL);
    long rowsRead = WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ);
    System.out.printf("VnodesIT read: %d rows (%d below the first token, %d above the last), driver count %d, "
        + "rowsRead %d, splits %d%n", expected.size(), belowFirst, aboveLast, driverCount, rowsRead,
        WriterMetrics.committed(result, CassandraIOMetrics.SPLITS));
    assertEquals("driver count over every vnode range", expected.size(), driverCount);
    assertEquals("metric " + CassandraIOMetrics.ROWS_READ + " of both reads", 2 * driverCount, rowsRead);
  }

  /** "pk/ck=v" of every row {@code read} gives. */
  private PCollection<String> keysOf(String name, CassandraIO.Read<Row> read) {
    return pipeline.apply(name, read).apply(name + " keys", MapElements.into(TypeDescriptors.strings())
        .via((Row r) -> r.getInt32("pk") + "/" + r.getInt32("ck") + "=" + r.getString("v")));
  }

  /** What the listener saw and the batches the writer's metric counted. */
  record Sent(List<List<BoundStatement>> requests, long batches) {}

  private Sent write(TestKeyspace keyspace, String table, Grouping grouping) {
    String key = "vnodes-" + keyspace.name() + "-" + table;
    List<Event> input = input();
    WriteItSupport.oneBundle(pipeline, "Events", input, SerializableCoder.of(Event.class))
        .apply(CassandraIO.<Event>write()
            .withConnection(keyspace.connection())
            .withStatement("INSERT INTO " + table + " (region, pk, ck, v) VALUES (?, ?, ?, ?)",
                (e, b) -> b.setString("region", e.region()).setInt("pk", e.pk()).setInt("ck", e.ck())
                    .setString("v", e.v()).build())
            .withGrouping(grouping)
            .withSentRequestListener(WriteItSupport.recordingListener(key)));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    List<List<BoundStatement>> requests = WriteItSupport.sent(key);
    long rows = WriterMetrics.committed(result, CassandraIOMetrics.ROWS_WRITTEN);
    long batches = WriterMetrics.committed(result, CassandraIOMetrics.BATCHES_WRITTEN);
    long retried = WriterMetrics.committed(result, CassandraIOMetrics.STATEMENTS_RETRIED);
    System.out.printf("VnodesIT %s %s: %d rows in %d requests, %d batches, %d retried%n",
        keyspace.table(table), grouping, rows, requests.size(), batches, retried);
    assertEquals("metric " + CassandraIOMetrics.ROWS_WRITTEN, input.size(), rows);
    assertEquals("metric " + CassandraIOMetrics.BATCHES_WRITTEN + " vs batches the listener saw (no retries here: "
        + retried + ")", requests.stream().filter(r -> r.size() > 1).count(), batches);
    assertEquals("every statement sent once", input.size() + retried, requests.stream().mapToLong(List::size).sum());
    return new Sent(requests, batches);
  }

  /** Value by value, and counted by the driver over every vnode range (each once). */
  private static void assertEveryRowArrived(TestKeyspace keyspace, String table, DefaultConsistencyLevel consistency) {
    Map<String, String> expected = new TreeMap<>();
    input().forEach(e -> expected.put(e.key(), e.v()));
    Map<String, String> stored = new TreeMap<>();
    keyspace.session().execute("SELECT region, pk, ck, v FROM " + keyspace.table(table)).forEach(r -> stored.put(
        r.getString("region") + ":" + r.getInt("pk") + "/" + r.getInt("ck"), r.getString("v")));
    assertEquals(expected, stored);
    List<Long> perRange = TokenRangeCount.perSlice(keyspace.session(), keyspace.table(table), "region, pk", consistency);
    assertEquals("rows counted range by range", expected.size(), perRange.stream().mapToLong(Long::longValue).sum());
    assertTrue("the rows sit in many vnode ranges: " + perRange, perRange.stream().filter(c -> c > 0).count() > NODES);
  }
}
