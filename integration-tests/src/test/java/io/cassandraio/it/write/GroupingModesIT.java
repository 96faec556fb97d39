package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.Grouping;
import io.cassandraio.internal.grouping.BatchLimits;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Every grouping mode writes exactly the expected rows, and sends what the mode promises: NONE
 * no batch at all, PARTITION single-partition batches only (one request per partition up to the
 * row limit), REPLICA_SET batches spanning several partitions of one replica set (on one node
 * every partition has the same replicas), AUTO single-partition batches for partitions with
 * several rows and lone rows packed together. What was sent is seen through
 * {@code withSentRequestListener}; Beam's metrics must agree with it.
 */
public class GroupingModesIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_grouping_modes").withSetup((s, ks) -> {
    for (Grouping g : Grouping.values()) {
      s.execute("CREATE TABLE " + ks + "." + table(g) + " (pk text, ck int, v text, PRIMARY KEY (pk, ck))");
    }
  });

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** One row to write: partition {@code pk}, clustering {@code ck}, value {@code v}. */
  record Reading(String pk, int ck, String v) implements Serializable {}

  /**
   * 30 partitions with 1, 4, 7 or 10 rows each plus one of 40 rows (above the 32-row batch
   * limit), interleaved so that rows of one partition are never adjacent in the input: 199 rows.
   */
  static final List<Reading> INPUT = input();

  private static List<Reading> input() {
    Map<String, Integer> rowsPerPartition = new TreeMap<>();
    for (int i = 0; i < 30; i++) {
      rowsPerPartition.put("p" + i, i % 4 == 0 ? 1 : 1 + (i % 4) * 3);
    }
    rowsPerPartition.put("big", 40);
    List<Reading> out = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      for (Map.Entry<String, Integer> e : rowsPerPartition.entrySet()) {
        if (round < e.getValue()) {
          out.add(new Reading(e.getKey(), round, "v-" + e.getKey() + "-" + round));
        }
      }
    }
    return out;
  }

  private static String table(Grouping g) {
    return "rows_" + g.name().toLowerCase();
  }

  @Test
  public void none() {
    Run run = write(Grouping.NONE);
    for (List<BoundStatement> request : run.requests) {
      assertEquals("NONE must send every statement on its own, but a request held " + pks(request),
          1, request.size());
    }
    assertEquals(0, run.batchesWritten);
  }

  @Test
  public void partition() {
    Run run = write(Grouping.PARTITION);
    assertSinglePartitionBatchesOnePerPartition(run);
  }

  @Test
  public void auto() {
    Run run = write(Grouping.AUTO);
    Map<String, Integer> rowsPerPartition = countsPerPartition();
    Map<String, Integer> requestsPerRepeatedPartition = new HashMap<>();
    int packedLoneRows = 0;
    for (List<BoundStatement> request : run.requests) {
      Set<ByteBuffer> partitions = routingKeys(request);
      String first = request.get(0).getString("pk");
      if (rowsPerPartition.get(first) > 1) {
        assertEquals("a partition with several rows must get batches of its own, got " + pks(request),
            1, partitions.size());
        requestsPerRepeatedPartition.merge(first, 1, Integer::sum);
      } else {
        for (BoundStatement s : request) {
          assertEquals("only lone rows may share a batch with other partitions, got " + pks(request),
              1, (int) rowsPerPartition.get(s.getString("pk")));
        }
        assertTrue("at most " + BatchLimits.DEFAULT_MAX_PARTITIONS + " partitions per batch, got " + pks(request),
            partitions.size() <= BatchLimits.DEFAULT_MAX_PARTITIONS);
        packedLoneRows += request.size() > 1 ? 1 : 0;
      }
    }
    assertTrue("on one node all lone rows share the replica set, so AUTO must pack them", packedLoneRows > 0);
    Map<String, Integer> expected = new HashMap<>();
    rowsPerPartition.forEach((pk, n) -> {
      if (n > 1) {
        expected.put(pk, (n + BatchLimits.DEFAULT_MAX_ROWS - 1) / BatchLimits.DEFAULT_MAX_ROWS);
      }
    });
    assertEquals("requests per repeated partition (40 rows as 32 + 8)",
        new TreeMap<>(expected), new TreeMap<>(requestsPerRepeatedPartition));
  }

  @Test
  public void replicaSet() {
    Run run = write(Grouping.REPLICA_SET);
    int multiPartition = 0;
    for (List<BoundStatement> request : run.requests) {
      Set<ByteBuffer> partitions = routingKeys(request);
      assertTrue("a REPLICA_SET batch spans at most " + BatchLimits.DEFAULT_MAX_PARTITIONS
          + " partitions, got " + pks(request), partitions.size() <= BatchLimits.DEFAULT_MAX_PARTITIONS);
      assertTrue("a batch holds at most " + BatchLimits.DEFAULT_MAX_ROWS + " rows, got " + request.size(),
          request.size() <= BatchLimits.DEFAULT_MAX_ROWS);
      if (partitions.size() > 1) {
        multiPartition++;
      }
    }
    assertTrue("REPLICA_SET sent no batch", run.batchRequests() > 0);
    assertTrue("on one node every partition shares the replica set, so REPLICA_SET must put several "
        + "partitions into one batch; it never did", multiPartition > 0);
    assertTrue(run.batchesWritten > 0);
  }

  /** PARTITION: batches of one partition; a partition of n rows goes as ceil(n/32) requests. */
  private static void assertSinglePartitionBatchesOnePerPartition(Run run) {
    Map<String, Integer> requestsPerPartition = new HashMap<>();
    for (List<BoundStatement> request : run.requests) {
      assertEquals("a batch must hold one partition only, got " + pks(request), 1, routingKeys(request).size());
      requestsPerPartition.merge(request.get(0).getString("pk"), 1, Integer::sum);
    }
    assertTrue("rows share partitions, so batches must have been sent", run.batchRequests() > 0);
    assertTrue(run.batchesWritten > 0);
    Map<String, Integer> expected = new HashMap<>();
    countsPerPartition().forEach((pk, n) -> expected.put(pk, (n + BatchLimits.DEFAULT_MAX_ROWS - 1) / BatchLimits.DEFAULT_MAX_ROWS));
    assertEquals("requests per partition (a lone row as a plain statement, 40 rows as 32 + 8)",
        new TreeMap<>(expected), new TreeMap<>(requestsPerPartition));
  }

  private static Map<String, Integer> countsPerPartition() {
    Map<String, Integer> counts = new HashMap<>();
    INPUT.forEach(r -> counts.merge(r.pk(), 1, Integer::sum));
    return counts;
  }

  /**
   * What one pipeline run sent and wrote: {@code requests} as the writer made them, each once (a
   * retry sends a request again as it was; {@code retried} counts the statements sent again).
   */
  private record Run(List<List<BoundStatement>> requests, long rowsWritten, long batchesWritten, long retried) {
    long batchRequests() {
      return requests.stream().filter(r -> r.size() > 1).count();
    }
  }

  /**
   * Writes {@link #INPUT} with grouping {@code g} in one bundle, then checks what every mode
   * must get right: the table holds exactly the input, every statement went out in exactly one
   * request of the writer's, and the metrics agree with what the listener saw.
   *
   * <p>Exact even when the writer retried (a busy node can time a write out): a retry sends the
   * same request again, statement for statement, so the requests the listener saw more than once
   * are the retries, and the statements in those repeats must equal the {@code statementsRetried}
   * metric. The per-mode checks then see each request of the writer's once.
   */
  private Run write(Grouping g) {
    String key = "grouping-" + g;
    WriteItSupport.oneBundle(pipeline, "Input", INPUT, SerializableCoder.of(Reading.class))
        .apply("Write " + g, CassandraIO.<Reading>write()
            .withConnection(KEYSPACE.connection())
            .withStatement("INSERT INTO " + table(g) + " (pk, ck, v) VALUES (?, ?, ?)",
                (r, b) -> b.setString("pk", r.pk()).setInt("ck", r.ck()).setString("v", r.v()).build())
            .withGrouping(g)
            .withSentRequestListener(WriteItSupport.recordingListener(key)));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    // Content: exactly the input, value by value.
    Map<String, String> expected = new TreeMap<>();
    INPUT.forEach(r -> expected.put(r.pk() + "/" + r.ck(), r.v()));
    Map<String, String> stored = new TreeMap<>();
    for (Row row : KEYSPACE.session().execute("SELECT pk, ck, v FROM " + KEYSPACE.table(table(g)))) {
      stored.put(row.getString("pk") + "/" + row.getInt("ck"), row.getString("v"));
    }
    assertEquals(g + ": rows in the table", expected, stored);

    // What was sent: each request of the writer's once, and how often it was sent again.
    List<List<BoundStatement>> sent = WriteItSupport.sent(key);
    Map<List<String>, List<BoundStatement>> requests = new LinkedHashMap<>();
    long resentStatements = 0;
    for (List<BoundStatement> request : sent) {
      if (requests.putIfAbsent(pks(request), request) != null) {
        resentStatements += request.size();
      }
    }
    long retried = WriterMetrics.committed(result, CassandraIOMetrics.STATEMENTS_RETRIED);
    long rows = WriterMetrics.committed(result, CassandraIOMetrics.ROWS_WRITTEN);
    long batches = WriterMetrics.committed(result, CassandraIOMetrics.BATCHES_WRITTEN);
    System.out.printf("GroupingModesIT %s: %d rows in %d requests (%d batches), %d sent again, %d retried%n",
        g, rows, requests.size(), batches, sent.size() - requests.size(), retried);

    // Every statement went out in exactly one request; requests sent again are the writer's retries.
    assertEquals(g + ": statements in the requests the listener saw more than once vs metric "
        + CassandraIOMetrics.STATEMENTS_RETRIED, retried, resentStatements);
    assertEquals(g + ": statements in distinct requests", INPUT.size(),
        requests.values().stream().mapToLong(List::size).sum());
    Set<String> sentKeys = new TreeSet<>();
    requests.keySet().forEach(sentKeys::addAll);
    assertEquals(g + ": (pk, ck) sent", expected.keySet(), sentKeys);

    // Metrics agree with the table and with the listener: each batch written once, retried or not.
    assertEquals(g + ": metric " + CassandraIOMetrics.ROWS_WRITTEN, INPUT.size(), rows);
    assertEquals(0, WriterMetrics.committed(result, CassandraIOMetrics.FAILED_ELEMENTS));
    long batchRequests = requests.values().stream().filter(r -> r.size() > 1).count();
    assertEquals(g + ": metric " + CassandraIOMetrics.BATCHES_WRITTEN + " vs batches the listener saw",
        batchRequests, batches);
    return new Run(new ArrayList<>(requests.values()), rows, batches, retried);
  }

  private static Set<ByteBuffer> routingKeys(List<BoundStatement> request) {
    Set<ByteBuffer> keys = new HashSet<>();
    for (BoundStatement s : request) {
      keys.add(s.getRoutingKey());
    }
    return keys;
  }

  private static List<String> pks(List<BoundStatement> request) {
    return request.stream().map(s -> s.getString("pk") + "/" + s.getInt("ck")).toList();
  }
}
