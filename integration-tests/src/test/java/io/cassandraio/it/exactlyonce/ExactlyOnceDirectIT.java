package io.cassandraio.it.exactlyonce;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.BatchId;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.MicroBatch;
import io.cassandraio.MicroBatchCoder;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Exactly-once on the DirectRunner against the shared node: the whole transform (shard,
 * sequence, write) on a counter table; the writer step alone fed duplicate and out-of-order
 * batch ids; and a fresh job that reuses a sink id.
 */
public class ExactlyOnceDirectIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("eo_direct")
      .withTable("counts", "k text PRIMARY KEY, n counter")
      .withTable("latest", "k text PRIMARY KEY, v text");
  private static final String KS = KEYSPACE.name();
  private static final String COUNTER_CQL = "UPDATE " + KS + ".counts SET n = n + ? WHERE k = ?";

  private static CassandraIO.Write<KV<String, Long>> counterWrite(String sinkId) {
    return CassandraIO.<KV<String, Long>>write()
        .withConnection(SharedCassandra.connection())
        .withStatement(COUNTER_CQL, (e, b) -> b.setLong(0, e.getValue()).setString(1, e.getKey()).build())
        .withExactlyOnce(ExactlyOnce.sinkId(sinkId).withShards(4).withMaxBatchElements(25)
            .withCheckpointTable(KS + ".committed_batches"));
  }

  private static Map<String, Long> counts() {
    Map<String, Long> counts = new HashMap<>();
    for (Row r : KEYSPACE.session().execute("SELECT k, n FROM " + KS + ".counts")) {
      counts.put(r.getString("k"), r.getLong("n"));
    }
    return counts;
  }

  @Test
  public void aFreshJobReusingASinkIdWritesEverythingAgain() {
    KEYSPACE.session().execute("TRUNCATE " + KS + ".counts");
    List<KV<String, Long>> input = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      input.add(KV.of("key-" + (i % 40), 1L));
    }
    for (int job = 1; job <= 2; job++) {
      Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
      p.apply(Create.of(input).withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
          .apply(counterWrite("fresh-job"));
      PipelineResult result = p.run();
      result.waitUntilFinish();
      Map<String, Long> counts = counts();
      assertEquals(40, counts.size());
      for (int k = 0; k < 40; k++) {
        assertEquals("key-" + k + " after job " + job, 15L * job, (long) counts.get("key-" + k));
      }
      assertEquals("job " + job + " skipped batches: a new job is not a replay", 0,
          WriterMetrics.committed(result, CassandraIOMetrics.BATCHES_SKIPPED));
      assertTrue(WriterMetrics.committed(result, CassandraIOMetrics.BATCHES_COMMITTED) >= 600 / 25);
      SessionLeases.awaitReleased("after job " + job + " (the shard and write steps)");
    }
  }

  @Test
  public void duplicateAndOutOfOrderBatchesAreAppliedOnce() {
    KEYSPACE.session().execute("TRUNCATE " + KS + ".counts");
    // 30 distinct batches of one epoch and shard, each adding 1 to 5 keys; every batch is
    // delivered 1 to 3 times, in a shuffled order.
    String epoch = "epoch-dup-" + System.nanoTime();
    List<MicroBatch<KV<String, Long>>> distinct = new ArrayList<>();
    for (int seq = 0; seq < 30; seq++) {
      List<KV<String, Long>> elements = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        elements.add(KV.of("dup-" + k, 1L));
      }
      distinct.add(new MicroBatch<>(new BatchId("dup-sink", epoch, 0, seq), 1_000_000L * seq, elements));
    }
    Random random = new Random(7);
    List<MicroBatch<KV<String, Long>>> delivered = new ArrayList<>();
    for (MicroBatch<KV<String, Long>> b : distinct) {
      for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
        delivered.add(b);
      }
    }
    Collections.shuffle(delivered, random);
    MicroBatchCoder<KV<String, Long>> coder = MicroBatchCoder.of(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(delivered).withCoder(coder)).apply(counterWrite("dup-sink").writeMicroBatches());
    PipelineResult result = p.run();
    result.waitUntilFinish();

    Map<String, Long> counts = counts();
    for (int k = 0; k < 5; k++) {
      assertEquals("dup-" + k + ": each of the 30 batches once", 30L, (long) counts.get("dup-" + k));
    }
    assertEquals(30, WriterMetrics.committed(result, CassandraIOMetrics.BATCHES_COMMITTED));
    assertEquals(delivered.size() - 30, WriterMetrics.committed(result, CassandraIOMetrics.BATCHES_SKIPPED));

    // The same batches again, as a replay would deliver them: all skipped, nothing applied.
    Pipeline again = Pipeline.create(PipelineOptionsFactory.create());
    again.apply(Create.of(distinct).withCoder(coder)).apply(counterWrite("dup-sink").writeMicroBatches());
    PipelineResult second = again.run();
    second.waitUntilFinish();
    assertEquals(counts, counts());
    assertEquals(30, WriterMetrics.committed(second, CassandraIOMetrics.BATCHES_SKIPPED));
    assertEquals(0, WriterMetrics.committed(second, CassandraIOMetrics.BATCHES_COMMITTED));
  }

  @Test
  public void laterWritesToACellWinWithinOneMicroBatch() {
    // Each key is written 5 times in a row, with values that sort DOWNWARDS (v4 ... v0): with one
    // timestamp for a whole micro-batch Cassandra would keep the greatest value (v4), not the last.
    List<KV<String, String>> input = new ArrayList<>();
    for (int round = 4; round >= 0; round--) {
      for (int k = 0; k < 20; k++) {
        input.add(KV.of("key-" + k, "v" + round));
      }
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(0))
        .apply("All in order, one bundle", ParDo.of(new EmitInOrder(input)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(CassandraIO.<KV<String, String>>write()
            .withConnection(SharedCassandra.connection())
            .withStatement("INSERT INTO " + KS + ".latest (k, v) VALUES (?, ?)",
                (e, b) -> b.setString(0, e.getKey()).setString(1, e.getValue()).build())
            .withExactlyOnce(ExactlyOnce.sinkId("latest").withShards(2).withMaxBatchElements(1000)
                .withCheckpointTable(KS + ".committed_batches")));
    p.run().waitUntilFinish();
    for (Row r : KEYSPACE.session().execute("SELECT k, v FROM " + KS + ".latest")) {
      assertEquals(r.getString("k") + ": the last value written", "v0", r.getString("v"));
    }
    assertEquals(20, KEYSPACE.session().execute("SELECT k FROM " + KS + ".latest").all().size());
  }

  /** Emits its elements in list order from one call, so that they reach the writer in that order. */
  private static final class EmitInOrder extends DoFn<Integer, KV<String, String>> {
    private final ArrayList<KV<String, String>> elements;

    EmitInOrder(List<KV<String, String>> elements) {
      this.elements = new ArrayList<>(elements);
    }

    @ProcessElement
    public void emit(OutputReceiver<KV<String, String>> out) {
      elements.forEach(out::output);
    }
  }
}
