package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.Grouping;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Grouping without a token map, the situation of Amazon Keyspaces: with its default partitioner
 * ({@code com.amazonaws.cassandra.DefaultPartitioner}) driver 4 logs "Unsupported partitioner ...
 * token map will be empty" and {@code Metadata.getTokenMap()} is empty, exactly as with the token
 * map turned off in the driver configuration, which is what this test does on a real local node.
 * REPLICA_SET and AUTO must then fall back to batches of one partition each (AUTO sends lone rows
 * on their own) and write every row. With the token map, on one node, both put several
 * partitions in one batch ({@code GroupingModesIT}); here no batch may.
 */
public class NoTokenMapKeyspacesIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_no_token_map").withSetup((s, ks) -> {
    for (Grouping g : List.of(Grouping.REPLICA_SET, Grouping.AUTO)) {
      s.execute("CREATE TABLE " + ks + "." + table(g) + " (pk text, ck int, v text, PRIMARY KEY (pk, ck))");
    }
  });

  @ClassRule public static final TemporaryFolder DIR = new TemporaryFolder();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  record Reading(String pk, int ck, String v) implements Serializable {}

  /** 12 lone rows and 6 partitions of 3 to 40 rows, interleaved: 12 + 3+5+7+9+11+40 = 87 rows. */
  static final List<Reading> INPUT = input();

  private static List<Reading> input() {
    Map<String, Integer> rowsPerPartition = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      rowsPerPartition.put("lone" + i, 1);
    }
    for (int i = 0; i < 5; i++) {
      rowsPerPartition.put("multi" + i, 3 + 2 * i);
    }
    rowsPerPartition.put("big", 40);
    List<Reading> out = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      for (Map.Entry<String, Integer> e : rowsPerPartition.entrySet()) {
        if (round < e.getValue()) {
          out.add(new Reading(e.getKey(), round, e.getKey() + "-" + round));
        }
      }
    }
    return out;
  }

  private static String table(Grouping g) {
    return "rows_" + g.name().toLowerCase();
  }

  /** The test node's connection with the token map turned off, by a driver configuration file. */
  private static CassandraConnection withoutTokenMap() throws IOException {
    File conf = new File(DIR.getRoot(), "no-token-map.conf");
    if (!conf.exists()) {
      Files.writeString(conf.toPath(), "datastax-java-driver.advanced.metadata.token-map.enabled = false\n");
    }
    return KEYSPACE.connection().withConfigFile(conf.getAbsolutePath());
  }

  @Test
  public void replicaSetGroupingFallsBackToSinglePartitionBatches() throws IOException {
    List<List<BoundStatement>> requests = write(Grouping.REPLICA_SET);
    assertTrue("partitions with several rows must still be batched", requests.stream().anyMatch(r -> r.size() > 1));
  }

  @Test
  public void autoGroupingSendsLoneRowsAloneAndBatchesRepeatedPartitions() throws IOException {
    List<List<BoundStatement>> requests = write(Grouping.AUTO);
    for (List<BoundStatement> request : requests) {
      if (request.get(0).getString("pk").startsWith("lone")) {
        assertEquals("without a token map a lone row goes on its own", 1, request.size());
      }
    }
    assertTrue(requests.stream().anyMatch(r -> r.size() > 1));
  }

  /**
   * Writes {@link #INPUT} in one bundle and checks what holds for both modes: every row stored,
   * no batch spanning two partitions, no more than 32 rows per batch, no failure.
   */
  private List<List<BoundStatement>> write(Grouping g) throws IOException {
    String key = "no-token-map-" + g;
    WriteItSupport.oneBundle(pipeline, "Input", INPUT, SerializableCoder.of(Reading.class))
        .apply("Write " + g, CassandraIO.<Reading>write()
            .withConnection(withoutTokenMap())
            .withStatement("INSERT INTO " + table(g) + " (pk, ck, v) VALUES (?, ?, ?)",
                (r, b) -> b.setString("pk", r.pk()).setInt("ck", r.ck()).setString("v", r.v()).build())
            .withGrouping(g)
            .withSentRequestListener(WriteItSupport.recordingListener(key)));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    Map<String, String> expected = new TreeMap<>();
    INPUT.forEach(r -> expected.put(r.pk() + "/" + r.ck(), r.v()));
    Map<String, String> stored = new TreeMap<>();
    for (Row row : KEYSPACE.session().execute("SELECT pk, ck, v FROM " + KEYSPACE.table(table(g)))) {
      stored.put(row.getString("pk") + "/" + row.getInt("ck"), row.getString("v"));
    }
    assertEquals(g + ": rows in the table", expected, stored);
    assertEquals(INPUT.size(), WriterMetrics.committed(result, CassandraIOMetrics.ROWS_WRITTEN));
    assertEquals(0, WriterMetrics.committed(result, CassandraIOMetrics.FAILED_ELEMENTS));

    List<List<BoundStatement>> requests = WriteItSupport.sent(key);
    assertFalse(requests.isEmpty());
    for (List<BoundStatement> request : requests) {
      Set<ByteBuffer> partitions = new HashSet<>();
      request.forEach(s -> partitions.add(s.getRoutingKey()));
      assertEquals(g + " without a token map must not batch partitions together, got " + pks(request),
          1, partitions.size());
      assertTrue("at most 32 rows per batch, got " + request.size(), request.size() <= 32);
    }
    System.out.printf("NoTokenMapKeyspacesIT %s: %d rows in %d requests (%d batches)%n", g, INPUT.size(),
        requests.size(), requests.stream().filter(r -> r.size() > 1).count());
    return requests;
  }

  private static List<String> pks(List<BoundStatement> request) {
    return request.stream().map(s -> s.getString("pk") + "/" + s.getInt("ck")).toList();
  }
}
