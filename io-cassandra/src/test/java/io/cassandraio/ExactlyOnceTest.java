package io.cassandraio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

/** ExactlyOnce option validation and its interplay with the Write's other options; no cluster. */
public class ExactlyOnceTest {
  private static final CassandraConnection CONNECTION = CassandraConnection.create()
      .withContactPoints("127.0.0.1").withLocalDatacenter("datacenter1").withKeyspace("ks");

  private static CassandraIO.Write<String> cqlWrite() {
    return CassandraIO.<String>write()
        .withConnection(CONNECTION)
        .withStatement("INSERT INTO t (k) VALUES (?)", (e, b) -> b.setString(0, e).build());
  }

  /** Only for applying transforms: io-cassandra has no runner on its test classpath. */
  private static Pipeline pipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(CrashingRunner.class);
    return Pipeline.create(options);
  }

  private static void assertRejected(String mustContain, ThrowingRunnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r);
    assertTrue("message should name " + mustContain + ": " + e.getMessage(), e.getMessage().contains(mustContain));
  }

  @Test
  public void defaults() {
    ExactlyOnce eo = ExactlyOnce.sinkId("orders.v1:eu-west_2");
    assertEquals("orders.v1:eu-west_2", eo.sinkId());
    assertEquals(ExactlyOnce.DEFAULT_SHARDS, eo.spec().shards());
    assertEquals(ExactlyOnce.DEFAULT_MAX_BATCH_ELEMENTS, eo.spec().maxBatchElements());
    assertEquals(ExactlyOnce.DEFAULT_MAX_BATCH_DELAY, eo.spec().maxBatchDelay());
    assertEquals("cassandraio", eo.spec().checkpointTable().keyspace());
    assertEquals("committed_batches", eo.spec().checkpointTable().table());
    assertNull("no forced replication by default", eo.spec().replication());
    assertEquals(DefaultConsistencyLevel.LOCAL_QUORUM, eo.spec().consistencyLevel());
    assertEquals(Duration.ofDays(7), eo.spec().recordTtl());
    assertTrue(eo.spec().createTable());
  }

  @Test
  public void withersReturnNewInstancesAndKeepOtherOptions() {
    ExactlyOnce base = ExactlyOnce.sinkId("s");
    ExactlyOnce eo = base.withShards(3).withMaxBatchElements(7).withMaxBatchDelay(Duration.ofMillis(250))
        .withCheckpointTable("ks1.tbl1").withReplication(Map.of("class", "SimpleStrategy", "replication_factor", "1"))
        .withConsistencyLevel(DefaultConsistencyLevel.QUORUM).withRecordTtl(Duration.ofMinutes(10))
        .withCreateTable(false);
    assertNotSame(base, eo);
    assertEquals(ExactlyOnce.DEFAULT_SHARDS, base.spec().shards());
    assertEquals(3, eo.spec().shards());
    assertEquals(7, eo.spec().maxBatchElements());
    assertEquals(Duration.ofMillis(250), eo.spec().maxBatchDelay());
    assertEquals("ks1", eo.spec().checkpointTable().keyspace());
    assertEquals("tbl1", eo.spec().checkpointTable().table());
    assertEquals("SimpleStrategy", eo.spec().replication().get("class"));
    assertEquals(DefaultConsistencyLevel.QUORUM, eo.spec().consistencyLevel());
    assertEquals(Duration.ofMinutes(10), eo.spec().recordTtl());
    assertFalse(eo.spec().createTable());
  }

  @Test
  public void replicationIsCopied() {
    Map<String, String> replication = new HashMap<>(Map.of("class", "SimpleStrategy", "replication_factor", "1"));
    ExactlyOnce eo = ExactlyOnce.sinkId("s").withReplication(replication);
    replication.put("replication_factor", "5");
    assertEquals("1", eo.spec().replication().get("replication_factor"));
  }

  @Test
  public void isSerializable() {
    ExactlyOnce eo = ExactlyOnce.sinkId("s").withShards(2).withRecordTtl(Duration.ofHours(1));
    ExactlyOnce copy = SerializableUtils.clone(eo);
    assertEquals(2, copy.spec().shards());
    assertEquals(Duration.ofHours(1), copy.spec().recordTtl());
    assertEquals(eo.spec().consistencyLevel(), copy.spec().consistencyLevel());
  }

  @Test
  public void badSinkIdsAreRejected() {
    assertRejected("ExactlyOnce.sinkId", () -> ExactlyOnce.sinkId(""));
    assertRejected("ExactlyOnce.sinkId", () -> ExactlyOnce.sinkId("has space"));
    assertRejected("ExactlyOnce.sinkId", () -> ExactlyOnce.sinkId("quote'"));
    assertRejected("ExactlyOnce.sinkId", () -> ExactlyOnce.sinkId("slash/"));
    assertRejected("ExactlyOnce.sinkId", () -> ExactlyOnce.sinkId("x".repeat(129)));
    assertEquals(128, ExactlyOnce.sinkId("x".repeat(128)).sinkId().length());
    NullPointerException npe = assertThrows(NullPointerException.class, () -> ExactlyOnce.sinkId(null));
    assertTrue(npe.getMessage(), npe.getMessage().contains("ExactlyOnce.sinkId"));
  }

  @Test
  public void shardsOutOfRangeAreRejected() {
    assertRejected("ExactlyOnce.withShards", () -> ExactlyOnce.sinkId("s").withShards(0));
    assertRejected("ExactlyOnce.withShards", () -> ExactlyOnce.sinkId("s").withShards(-1));
    assertRejected("ExactlyOnce.withShards", () -> ExactlyOnce.sinkId("s").withShards(65_537));
    assertEquals(1, ExactlyOnce.sinkId("s").withShards(1).spec().shards());
    assertEquals(65_536, ExactlyOnce.sinkId("s").withShards(65_536).spec().shards());
  }

  @Test
  public void batchElementsBelowOneAreRejected() {
    assertRejected("ExactlyOnce.withMaxBatchElements", () -> ExactlyOnce.sinkId("s").withMaxBatchElements(0));
    assertRejected("ExactlyOnce.withMaxBatchElements", () -> ExactlyOnce.sinkId("s").withMaxBatchElements(-5));
  }

  @Test
  public void batchDelayBelowOneMillisecondIsRejected() {
    assertRejected("ExactlyOnce.withMaxBatchDelay", () -> ExactlyOnce.sinkId("s").withMaxBatchDelay(Duration.ZERO));
    assertRejected("ExactlyOnce.withMaxBatchDelay",
        () -> ExactlyOnce.sinkId("s").withMaxBatchDelay(Duration.ofNanos(999_999)));
    assertRejected("ExactlyOnce.withMaxBatchDelay",
        () -> ExactlyOnce.sinkId("s").withMaxBatchDelay(Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> ExactlyOnce.sinkId("s").withMaxBatchDelay(null));
  }

  @Test
  public void badCqlNamesAreRejected() {
    assertRejected("ExactlyOnce.withCheckpointTable",
        () -> ExactlyOnce.sinkId("s").withCheckpointTable("1ks.t"));
    assertRejected("ExactlyOnce.withCheckpointTable",
        () -> ExactlyOnce.sinkId("s").withCheckpointTable("ks; DROP KEYSPACE x.t"));
    assertRejected("ExactlyOnce.withCheckpointTable",
        () -> ExactlyOnce.sinkId("s").withCheckpointTable("k".repeat(49) + ".t"));
    assertRejected("ExactlyOnce.withCheckpointTable",
        () -> ExactlyOnce.sinkId("s").withCheckpointTable("ks.my-table"));
    assertRejected("ExactlyOnce.withCheckpointTable",
        () -> ExactlyOnce.sinkId("s").withCheckpointTable("ks.\"unterminated"));
    assertEquals("a quoted name keeps its case", "Quoted",
        ExactlyOnce.sinkId("s").withCheckpointTable("ks.\"Quoted\"").spec().checkpointTable().tableId().asInternal());
    assertRejected("ExactlyOnce.withCheckpointTable", () -> ExactlyOnce.sinkId("s").withCheckpointTable("ks."));
    ExactlyOnce ok = ExactlyOnce.sinkId("s").withCheckpointTable("k".repeat(48) + ".T_1");
    assertEquals("T_1", ok.spec().checkpointTable().table());
  }

  @Test
  public void replicationWithoutClassIsRejected() {
    assertRejected("ExactlyOnce.withReplication",
        () -> ExactlyOnce.sinkId("s").withReplication(Map.of("replication_factor", "3")));
    assertRejected("'class'", () -> ExactlyOnce.sinkId("s").withReplication(Map.of()));
  }

  @Test
  public void recordTtlOutOfRangeIsRejected() {
    assertRejected("ExactlyOnce.withRecordTtl", () -> ExactlyOnce.sinkId("s").withRecordTtl(Duration.ofSeconds(59)));
    assertRejected("ExactlyOnce.withRecordTtl", () -> ExactlyOnce.sinkId("s").withRecordTtl(Duration.ZERO));
    assertRejected("ExactlyOnce.withRecordTtl",
        () -> ExactlyOnce.sinkId("s").withRecordTtl(Duration.ofDays(365L * 21)));
    assertEquals(Duration.ofMinutes(1), ExactlyOnce.sinkId("s").withRecordTtl(Duration.ofMinutes(1)).spec().recordTtl());
  }

  @Test
  public void exactlyOnceConflictsWithReportMode() {
    CassandraIO.Write<String> write = cqlWrite().withExactlyOnce(ExactlyOnce.sinkId("s"))
        .withFailureMode(FailureMode.REPORT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write.validate(null));
    assertTrue(e.getMessage(), e.getMessage().contains("withExactlyOnce"));
    assertTrue(e.getMessage(), e.getMessage().contains("withFailureMode(REPORT)"));
    // ...and already where the transform is applied.
    Pipeline p = pipeline();
    IllegalArgumentException atApply = assertThrows(IllegalArgumentException.class,
        () -> p.apply(Create.of("a")).apply(write));
    assertTrue(atApply.getMessage(), atApply.getMessage().contains("withExactlyOnce"));
    assertTrue(atApply.getMessage(), atApply.getMessage().contains("withFailureMode(REPORT)"));
    // FAIL (the default) is fine.
    cqlWrite().withExactlyOnce(ExactlyOnce.sinkId("s")).withFailureMode(FailureMode.FAIL).validate(null);
  }

  @Test
  public void exactlyOnceConflictsWithWriteTimestamp() {
    CassandraIO.Write<String> fixed = cqlWrite().withWriteTimestamp(1_000L).withExactlyOnce(ExactlyOnce.sinkId("s"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixed.validate(null));
    assertTrue(e.getMessage(), e.getMessage().contains("withExactlyOnce"));
    assertTrue(e.getMessage(), e.getMessage().contains("withWriteTimestamp"));

    CassandraIO.Write<String> perElement = cqlWrite().withExactlyOnce(ExactlyOnce.sinkId("s"))
        .withWriteTimestamp(s -> (long) s.length());
    Pipeline p = pipeline();
    IllegalArgumentException atApply = assertThrows(IllegalArgumentException.class,
        () -> p.apply(Create.of("a")).apply(perElement));
    assertTrue(atApply.getMessage(), atApply.getMessage().contains("withExactlyOnce"));
    assertTrue(atApply.getMessage(), atApply.getMessage().contains("withWriteTimestamp"));
  }

  @Test
  public void writeMicroBatchesNeedsExactlyOnce() {
    Pipeline p = pipeline();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.apply(Create.of(java.util.List.of(new io.cassandraio.MicroBatch<String>(
                new io.cassandraio.BatchId("s", "e", 0, 0), 0L, java.util.List.of("a"))))
            .withCoder(io.cassandraio.MicroBatchCoder.of(org.apache.beam.sdk.coders.StringUtf8Coder.of())))
            .apply(cqlWrite().writeMicroBatches()));
    assertTrue(e.getMessage(), e.getMessage().contains("withExactlyOnce"));
  }

  @Test
  public void displayDataShowsExactlyOnceOptions() {
    DisplayData data = DisplayData.from(cqlWrite().withExactlyOnce(ExactlyOnce.sinkId("page-views")
        .withShards(8).withMaxBatchElements(100).withMaxBatchDelay(Duration.ofMillis(1500))
        .withCheckpointTable("ckpt.batches").withRecordTtl(Duration.ofHours(2))
        .withConsistencyLevel(DefaultConsistencyLevel.QUORUM)));
    Map<String, Object> items = new HashMap<>();
    data.items().forEach(i -> items.put(i.getKey(), i.getValue()));
    assertEquals(data.toString(), "page-views", items.get("exactlyOnceSinkId"));
    assertEquals(8L, ((Number) items.get("exactlyOnceShards")).longValue());
    assertEquals(100L, ((Number) items.get("exactlyOnceMaxBatchElements")).longValue());
    assertEquals(1500L, ((Number) items.get("exactlyOnceMaxBatchDelayMs")).longValue());
    assertEquals("ckpt.batches", items.get("exactlyOnceCheckpointTable"));
    assertEquals(7200L, ((Number) items.get("exactlyOnceRecordTtlSeconds")).longValue());
    assertEquals("QUORUM", items.get("exactlyOnceConsistency"));

    DisplayData plain = DisplayData.from(cqlWrite());
    plain.items().forEach(i -> assertFalse(i.getKey(), i.getKey().startsWith("exactlyOnce")));
  }
}
