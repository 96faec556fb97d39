package io.cassandraio.it.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The range that wraps around the ring, on a node of its own with two tokens, -2^62 and 2^62: its
 * ranges are {@code (-2^62, 2^62]} and {@code (2^62, -2^62]}, the second wrapping around the ring,
 * holding the keys with tokens above 2^62 and those at or below -2^62. Beam's own CassandraIO
 * queried such a range as {@code token >= 2^62 AND token < -2^62} and lost its rows
 * (apache/beam#21715). (One node with one token would not do: the driver's token map shows a
 * single-token ring as {@code (MIN, MIN]}, the whole ring, which does not wrap; and the launcher
 * gives its first node the ring's minimum.) Every key must come back exactly once, with one split
 * and with several.
 */
public class ReadWrapIT {
  private static final long Q = 1L << 62;

  @ClassRule(order = 0)
  public static final FreshCluster CLUSTER = new FreshCluster(1, FreshCluster.baseAddress("127.0.72.1"),
      "cassandra-read-wrap", spec -> spec.withYaml("num_tokens", "2").withYaml("initial_token", "'" + -Q + "," + Q + "'"));
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "read_wrap")
      .withTable("items", "k bigint PRIMARY KEY, v text");

  private static final List<Long> KEYS = new ArrayList<>();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @BeforeClass
  public static void fill() {
    CqlSession session = KEYSPACE.session();
    PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE.table("items") + " (k, v) VALUES (?, ?)");
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (long k = 0; k < 300; k++) {
      writes.add(session.executeAsync(insert.bind(k * 7919, "v" + k)).toCompletableFuture());
      KEYS.add(k * 7919);
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  public void theWrappingRangeIsReadOnBothSidesWithOneSplit() {
    assertKeysOnBothSidesOfTheNodesToken();
    PipelineResult result = readAndCheck(1);
    assertEquals(1, WriterMetrics.committed(result, CassandraIOMetrics.SPLITS));
  }

  @Test
  public void theWrappingRangeIsReadOnBothSidesWithManySplits() {
    PipelineResult result = readAndCheck(5);
    assertEquals(5, WriterMetrics.committed(result, CassandraIOMetrics.SPLITS));
  }

  private PipelineResult readAndCheck(int splits) {
    PCollection<Long> keys = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("items").withNumSplits(splits).withPageSize(40).withRowMapper(r -> r.getInt64("k"), VarLongCoder.of()));
    PAssert.that(keys).containsInAnyOrder(KEYS);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(KEYS.size(), WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    SessionLeases.awaitReleased("after the read");
    return result;
  }

  private static void assertKeysOnBothSidesOfTheNodesToken() {
    TokenMap tokens = KEYSPACE.session().getMetadata().getTokenMap().orElseThrow();
    List<TokenRange> ranges = new ArrayList<>(tokens.getTokenRanges());
    assertEquals("one node, two tokens: " + ranges, 2, ranges.size());
    assertEquals("one range wraps: " + ranges, 1, ranges.stream().filter(TokenRange::isWrappedAround).count());
    long below = 0; // in the wrapping range, before the ring's end
    long above = 0; // in the wrapping range, after the ring's start
    for (var r : KEYSPACE.session().execute("SELECT token(k) FROM " + KEYSPACE.table("items"))) {
      if (r.getLong(0) <= -Q) {
        below++;
      } else if (r.getLong(0) > Q) {
        above++;
      }
    }
    assertTrue("keys on both sides of the wrap: " + below + " at or below -2^62, " + above + " above 2^62",
        below > 30 && above > 30);
    assertEquals(KEYS.size(), KEYSPACE.session().execute("SELECT count(*) FROM " + KEYSPACE.table("items")).one().getLong(0));
  }
}
