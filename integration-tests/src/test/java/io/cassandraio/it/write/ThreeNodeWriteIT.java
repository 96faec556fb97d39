package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.Grouping;
import io.cassandraio.internal.grouping.BatchLimits;
import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * On a fresh 3-node cluster with RF=1 (so partitions live on different nodes), REPLICA_SET
 * grouping never batches statements whose replica sets differ. Proven from what was sent: for
 * every batch the listener saw, each child's replicas are computed independently here, from
 * this test's own session's token map and the child's bound partition-key values, and must all
 * be equal; and batches spanning several partitions must have happened.
 */
public class ThreeNodeWriteIT {
  @ClassRule(order = 0)
  public static final FreshCluster CLUSTER = new FreshCluster(3, "127.0.41.1", "cassandra-replica-set");
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "it_replica_set").withSetup((s, ks) -> {
    for (String table : new String[] {"events", "events_auto"}) {
      s.execute("CREATE TABLE " + ks + "." + table
          + " (region text, pk int, ck int, v text, PRIMARY KEY ((region, pk), ck))");
    }
  });

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Composite partition key (region, pk), so the writer's routing-key composition is checked too. */
  record Event(String region, int pk, int ck, String v) implements Serializable {
    String key() {
      return region + ":" + pk + "/" + ck;
    }
  }

  /** 90 partitions x 3 rows, interleaved. */
  static List<Event> input() {
    List<Event> out = new ArrayList<>();
    for (int ck = 0; ck < 3; ck++) {
      for (int p = 0; p < 90; p++) {
        String region = "r" + (p % 4);
        out.add(new Event(region, p, ck, "v-" + region + "-" + p + "-" + ck));
      }
    }
    return out;
  }

  @Test
  public void batchesNeverMixReplicaSets() {
    writeAndCheck(Grouping.REPLICA_SET, input(), "events");
  }

  /** AUTO packs lone rows by replica set: half the partitions here have one row only. */
  @Test
  public void autoNeverMixesReplicaSetsEither() {
    List<Event> input = new ArrayList<>();
    for (Event e : input()) {
      if (e.pk() < 45 || e.ck() == 0) {
        input.add(e);
      }
    }
    writeAndCheck(Grouping.AUTO, input, "events_auto");
  }

  private void writeAndCheck(Grouping grouping, List<Event> input, String table) {
    String key = "replica-set-3-nodes-" + grouping;
    WriteItSupport.oneBundle(pipeline, "Events", input, SerializableCoder.of(Event.class))
        .apply(CassandraIO.<Event>write()
            .withConnection(KEYSPACE.connection())
            .withStatement("INSERT INTO " + table + " (region, pk, ck, v) VALUES (?, ?, ?, ?)",
                (e, b) -> b.setString("region", e.region()).setInt("pk", e.pk()).setInt("ck", e.ck())
                    .setString("v", e.v()).build())
            .withGrouping(grouping)
            .withSentRequestListener(WriteItSupport.recordingListener(key)));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    // Content.
    Map<String, String> expected = new TreeMap<>();
    input.forEach(e -> expected.put(e.key(), e.v()));
    Map<String, String> stored = new TreeMap<>();
    KEYSPACE.session().execute("SELECT region, pk, ck, v FROM " + KEYSPACE.table(table)).forEach(r -> stored.put(
        r.getString("region") + ":" + r.getInt("pk") + "/" + r.getInt("ck"), r.getString("v")));
    assertEquals(expected, stored);

    // What was sent, against replicas computed here.
    TokenMap tokens = KEYSPACE.session().getMetadata().getTokenMap()
        .orElseThrow(() -> new AssertionError("the test's own session has no token map"));
    CqlIdentifier ks = CqlIdentifier.fromCql(KEYSPACE.name());
    List<List<BoundStatement>> requests = WriteItSupport.sent(key);
    Set<Set<Node>> replicaSetsSeen = new HashSet<>();
    int batches = 0;
    int multiPartitionBatches = 0;
    long statements = 0;
    for (List<BoundStatement> request : requests) {
      statements += request.size();
      List<Set<Node>> replicas = new ArrayList<>();
      Set<String> partitions = new TreeSet<>();
      for (BoundStatement s : request) {
        // The token of the statement's own partition-key values, not of its routing key.
        Set<Node> r = tokens.getReplicas(ks, tokens.newToken(s.getBytesUnsafe("region"), s.getBytesUnsafe("pk")));
        assertEquals("RF=1: one replica per partition", 1, r.size());
        replicas.add(r);
        partitions.add(s.getString("region") + ":" + s.getInt("pk"));
      }
      replicaSetsSeen.addAll(replicas);
      if (request.size() > 1) {
        batches++;
        if (partitions.size() > 1) {
          multiPartitionBatches++;
        }
        assertEquals("a " + grouping + " batch mixed replica sets: " + describe(request, replicas),
            1, new HashSet<>(replicas).size());
        assertTrue("at most " + BatchLimits.DEFAULT_MAX_PARTITIONS + " partitions per batch: " + partitions,
            partitions.size() <= BatchLimits.DEFAULT_MAX_PARTITIONS);
      }
    }
    long retried = WriterMetrics.committed(result, CassandraIOMetrics.STATEMENTS_RETRIED);
    System.out.printf("ThreeNodeWriteIT " + grouping + ": %d rows in %d requests, %d batches (%d multi-partition), "
        + "%d replica sets, %d retried; cluster started in %d ms%n", input.size(), requests.size(), batches,
        multiPartitionBatches, replicaSetsSeen.size(), retried, CLUSTER.startMillis());
    assertEquals("every statement sent once (plus retries)", input.size() + retried, statements);
    assertEquals("the partitions live on all 3 nodes, else the test proves nothing", 3, replicaSetsSeen.size());
    assertTrue("no batch spanned several partitions, so " + grouping + " grouping was not exercised",
        multiPartitionBatches > 0);
    assertFalse(requests.isEmpty());
    assertEquals(input.size(), WriterMetrics.committed(result, CassandraIOMetrics.ROWS_WRITTEN));
  }

  private static String describe(List<BoundStatement> request, List<Set<Node>> replicas) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < request.size(); i++) {
      BoundStatement s = request.get(i);
      parts.add(s.getString("region") + ":" + s.getInt("pk") + " -> "
          + replicas.get(i).stream().map(n -> String.valueOf(n.getEndPoint())).collect(Collectors.joining(",")));
    }
    return parts.toString();
  }
}
