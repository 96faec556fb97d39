package io.cassandraio.it.flink;

import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.CassandraIO;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Read, transform, write on the Flink runner (a MiniCluster in this JVM), in batch and in
 * streaming mode: {@code CassandraIO.read()} of table {@code source}, a map, and {@code
 * write().withRows} into a table per mode; the target must hold every source row, transformed,
 * (compared by the driver, key by key), and the count of the rows read must be the source's (a
 * row read twice would hide in the target as an upsert). Impulse starts the read in both modes.
 */
public class FlinkReadIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("flink_read")
      .withTable("source", "k bigint PRIMARY KEY, name text, qty int")
      .withTable("target_batch", "k bigint PRIMARY KEY, label text, double_qty int")
      .withTable("target_streaming", "k bigint PRIMARY KEY, label text, double_qty int")
      .withTable("counts", "mode text PRIMARY KEY, n bigint");

  private static final int ROWS = 400;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
  private static final Schema COUNT = Schema.builder().addStringField("mode").addInt64Field("n").build();
  private static final Schema TARGET = Schema.builder().addInt64Field("k").addNullableField("label", Schema.FieldType.STRING)
      .addInt32Field("double_qty").build();

  @BeforeClass
  public static void fill() {
    CqlSession session = KEYSPACE.session();
    PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE.table("source") + " (k, name, qty) VALUES (?, ?, ?)");
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      writes.add(session.executeAsync(insert.bind((long) i * 1_000_003L, "n" + i, i)).toCompletableFuture());
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  public void batch() throws Exception {
    runAndCheck(FlinkJobs.local(2), "target_batch");
  }

  @Test
  public void streaming() throws Exception {
    FlinkPipelineOptions options = FlinkJobs.local(2);
    options.setStreaming(true);
    options.setCheckpointingInterval(500L);
    options.setShutdownSourcesAfterIdleMs(2_000L); // the impulse source ends the job once idle
    runAndCheck(options, "target_streaming");
  }

  private static void runAndCheck(FlinkPipelineOptions options, String target) throws Exception {
    String mode = options.isStreaming() ? "streaming" : "batch";
    Pipeline pipeline = Pipeline.create(options);
    PCollection<Row> read = pipeline.apply("Read source", CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("source").withNumSplits(4).withPageSize(50));
    // The target table would hide a row read twice (an upsert): the rows read are counted too.
    read.apply("Count", Count.globally())
        .apply("Count row", MapElements.into(TypeDescriptors.rows()).via(n -> Row.withSchema(COUNT).addValues(mode, n).build()))
        .setRowSchema(COUNT)
        .apply("Write count", CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("counts"));
    read.apply("Transform", MapElements.via(new SimpleFunction<Row, Row>() {
          @Override
          public Row apply(Row r) {
            return Row.withSchema(TARGET).addValues(r.getInt64("k"), r.getString("name").toUpperCase(),
                2 * r.getInt32("qty")).build();
          }
        })).setRowSchema(TARGET)
        .apply("Write target", CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows(target));
    FlinkJobs.Finished job = FlinkJobs.run(pipeline, "FlinkReadIT " + mode, JOB_TIMEOUT);
    System.out.printf("FlinkReadIT: %s read -> transform -> write finished in %d ms%n", mode, job.millis());

    Map<Long, String> expected = new TreeMap<>();
    for (var r : KEYSPACE.session().execute("SELECT k, name, qty FROM " + KEYSPACE.table("source"))) {
      expected.put(r.getLong("k"), r.getString("name").toUpperCase() + "/" + 2 * r.getInt("qty"));
    }
    Map<Long, String> actual = new TreeMap<>();
    for (var r : KEYSPACE.session().execute("SELECT k, label, double_qty FROM " + KEYSPACE.table(target))) {
      actual.put(r.getLong("k"), r.getString("label") + "/" + r.getInt("double_qty"));
    }
    assertEquals(ROWS, expected.size());
    assertEquals(expected, actual);
    assertEquals("rows read", ROWS, KEYSPACE.session().execute("SELECT n FROM " + KEYSPACE.table("counts")
        + " WHERE mode = ?", mode).one().getLong(0));
    SessionLeases.awaitAllClosed("after the Flink job (" + mode + ")");
  }
}
