package io.cassandraio.it.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.BadInputsDoc;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.internal.read.SplitPlanner;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code CassandraIO.read()} on the shared node and the DirectRunner: every row exactly once
 * (PAssert compares the multiset with the rows written, and the driver counts them), with paging;
 * a projection, an explicit split count and a row mapper on a table with a composite partition
 * key; mapper entities through a DAO's {@code @GetEntity} method; a materialized view; quoted
 * case-sensitive names with a descending clustering order; a row mapper's error naming the row. (The shared node's token is the
 * ring's minimum, so its range does not wrap: {@code VnodesIT} reads both sides of a wrapping range.)
 */
public class ReadIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("read_it")
      .withTable("items", "k bigint PRIMARY KEY, name text, qty int")
      .withTable("events", "tenant text, day int, seq int, payload text, PRIMARY KEY ((tenant, day), seq)")
      // Made before the rows are written, so that each write updates it (no view build to wait for).
      .withSetup((session, ks) -> session.execute("CREATE MATERIALIZED VIEW " + ks + ".items_by_qty AS SELECT qty, k, "
          + "name FROM " + ks + ".items WHERE qty IS NOT NULL AND k IS NOT NULL PRIMARY KEY (qty, k)"))
      .withSetup((session, ks) -> session.execute("CREATE TABLE " + ks + ".\"Events\" (\"Tenant\" text, \"Day\" int, "
          + "\"Seq\" int, \"Payload\" text, PRIMARY KEY ((\"Tenant\", \"Day\"), \"Seq\")) "
          + "WITH CLUSTERING ORDER BY (\"Seq\" DESC)"));

  private static final int ITEMS = 600;
  private static final List<Row> ITEM_ROWS = new ArrayList<>();
  private static final List<String> EVENT_LINES = new ArrayList<>();

  @ClassRule public static final TemporaryFolder DIR = new TemporaryFolder();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @BeforeClass
  public static void fill() {
    CqlSession session = KEYSPACE.session();
    Schema items = Schema.builder().addNullableField("k", Schema.FieldType.INT64)
        .addNullableField("name", Schema.FieldType.STRING).addNullableField("qty", Schema.FieldType.INT32).build();
    PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE.table("items") + " (k, name, qty) VALUES (?, ?, ?)");
    Random random = new Random(13);
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      long k = random.nextLong();
      String name = i % 10 == 0 ? null : "item-" + i; // some nulls
      ITEM_ROWS.add(Row.withSchema(items).addValues(k, name, i).build());
      writes.add(session.executeAsync(insert.bind(k, name, i)).toCompletableFuture());
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join(); // under the driver's 1024 requests per connection
    writes.clear();
    PreparedStatement event = session.prepare("INSERT INTO " + KEYSPACE.table("events")
        + " (tenant, day, seq, payload) VALUES (?, ?, ?, ?)");
    for (int t = 0; t < 10; t++) {
      for (int seq = 0; seq < 30; seq++) {
        for (int day = 1; day <= 2; day++) {
          String payload = "p" + t + "/" + day + "/" + seq;
          writes.add(session.executeAsync(event.bind("tenant" + t, day, seq, payload)).toCompletableFuture());
          EVENT_LINES.add(payload + "@tenant" + t + "#" + seq);
        }
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    for (int i = 0; i < 40; i++) {
      session.execute("INSERT INTO " + KEYSPACE.table("\"Events\"") + " (\"Tenant\", \"Day\", \"Seq\", \"Payload\") "
          + "VALUES (?, ?, ?, ?)", "T" + i % 3, i % 2, i, "P" + i);
    }
  }

  /**
   * The rows written, with the schema the read produced: its nullability (whether primary-key
   * fields are nullable) is the type mapping's to decide, the values are what is compared.
   */
  private static List<Row> itemRows(Schema schema) {
    return ITEM_ROWS.stream().map(r -> Row.withSchema(schema).addValues(r.getValues()).build()).toList();
  }

  @Test
  public void readsEveryRowExactlyOnceWithPaging() {
    long driverCount = KEYSPACE.session().execute("SELECT count(*) FROM " + KEYSPACE.table("items")).one().getLong(0);
    assertEquals(ITEMS, driverCount);

    PCollection<Row> rows = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("items").withPageSize(50).withMaxConcurrentPages(4));
    assertEquals(List.of("k", "name", "qty"), rows.getSchema().getFieldNames());
    PAssert.that(rows).containsInAnyOrder(itemRows(rows.getSchema()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertEquals(ITEMS, WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    assertEquals("one node, fresh table (no size estimates): the default minimum of splits",
        SplitPlanner.MIN_DEFAULT_SPLITS, WriterMetrics.committed(result, CassandraIOMetrics.SPLITS));
    SessionLeases.awaitReleased("after the read");
  }

  @Test
  public void projectionExplicitSplitsAndRowMapperOnACompositePartitionKey() {
    PCollection<String> lines = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable(KEYSPACE.table("events")).withColumns("payload", "tenant", "seq").withNumSplits(7)
        .withPageSize(7).withRowMapper(r -> r.getString("payload") + "@" + r.getString(1) + "#" + r.getInt32("seq"),
            StringUtf8Coder.of()));
    PAssert.that(lines).containsInAnyOrder(EVENT_LINES);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertEquals(EVENT_LINES.size(), WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    assertEquals(7, WriterMetrics.committed(result, CassandraIOMetrics.SPLITS));
    SessionLeases.awaitReleased("after the read");
  }

  @Test
  public void withoutATokenMapTheTableIsReadAsOneSplit() throws IOException {
    // As on a service whose partitioner the driver does not know (Amazon Keyspaces): no token map.
    File conf = DIR.newFile("no-token-map.conf");
    Files.writeString(conf.toPath(), "datastax-java-driver.advanced.metadata.token-map.enabled = false\n");
    PCollection<Row> rows = pipeline.apply(CassandraIO.read()
        .withConnection(KEYSPACE.connection().withConfigFile(conf.getAbsolutePath()))
        .withTable("items").withNumSplits(5).withPageSize(100));
    PAssert.that(rows).containsInAnyOrder(itemRows(rows.getSchema()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals("one split, whatever withNumSplits says", 1, WriterMetrics.committed(result, CassandraIOMetrics.SPLITS));
    assertEquals(ITEMS, WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    SessionLeases.awaitReleased("after the read");
  }

  @Test
  public void readsMapperEntitiesThroughTheDaosGetEntityMethod() {
    List<ReadItem> expected = ITEM_ROWS.stream()
        .map(r -> new ReadItem(r.getInt64("k"), r.getString("name"), r.getInt32("qty"))).toList();
    PCollection<ReadItem> items = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("items").withNumSplits(3)
        .withEntity(ReadItem.class, session -> new ReadItemMapperBuilder(session).build().dao(), ReadItemDao::asItem,
            SerializableCoder.of(ReadItem.class)));
    PAssert.that(items).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(ITEMS, WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    SessionLeases.awaitReleased("after the read");
  }

  @Test
  public void projectionSchemaFollowsTheColumnsGivenAndDisplayDataShowsTheOptions() {
    CassandraIO.Read<Row> read = CassandraIO.read().withConnection(KEYSPACE.connection()).withTable("events")
        .withColumns("seq", "tenant").withNumSplits(3);
    PCollection<Row> rows = pipeline.apply(read);
    assertEquals(List.of("seq", "tenant"), rows.getSchema().getFieldNames());
    assertEquals(Schema.TypeName.INT32, rows.getSchema().getField("seq").getType().getTypeName());
    DisplayData display = DisplayData.from(read);
    assertTrue(display.toString(), display.toString().contains("events")
        && display.toString().contains("seq,tenant") && display.toString().contains("numSplits"));
    pipeline.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void aMaterializedViewIsReadLikeATable() {
    // The view's own partition key (qty) places its rows on the ring: the read splits by token(qty).
    PCollection<String> rows = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("items_by_qty").withColumns("k", "qty").withNumSplits(3).withPageSize(100)
        .withRowMapper(r -> r.getInt32("qty") + "=" + r.getInt64("k"), StringUtf8Coder.of()));
    PAssert.that(rows).containsInAnyOrder(ITEM_ROWS.stream().map(r -> r.getInt32("qty") + "=" + r.getInt64("k")).toList());
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(ITEMS, WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    // schemaOf finds the view as read() does: its primary key (qty, k) first and not null.
    assertEquals(Schema.builder().addInt32Field("qty").addInt64Field("k").addNullableField("name",
        Schema.FieldType.STRING).build(), CassandraIO.schemaOf(KEYSPACE.connection(), "items_by_qty"));
  }

  @Test
  public void caseSensitiveNamesACompositeKeyAndADescendingClusteringOrderWithoutTheKeyInTheProjection() {
    // token("Tenant", "Day") must be quoted; the projection holds neither partition-key column.
    PCollection<String> payloads = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("\"Events\"").withColumns("Payload", "Seq").withNumSplits(3).withPageSize(4)
        .withRowMapper(r -> r.getString("Payload") + "#" + r.getInt32("Seq"), StringUtf8Coder.of()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      expected.add("P" + i + "#" + i);
    }
    PAssert.that(payloads).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(40, WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
  }

  @Test
  public void aRowMapperThatThrowsFailsTheReadNamingTheRow() {
    pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection()).withTable("events")
        .withColumns("payload", "seq", "tenant")
        .withRowMapper(r -> {
          if (r.getString("payload").equals("p3/2/17")) {
            throw new IllegalArgumentException("no payload p3/2/17 please");
          }
          return r.getString("payload");
        }, StringUtf8Coder.of()));
    Throwable error = assertThrows(Throwable.class, () -> pipeline.run().waitUntilFinish());
    String messages = BadInputsDoc.messagesOf(error).toString();
    // The key columns selected name the row: the partition key's day is not in the projection.
    assertTrue(messages, messages.contains("CassandraIO.read(" + KEYSPACE.table("events") + "): the row tenant='tenant3', "
        + "seq=17 failed in withRowMapper's function: java.lang.IllegalArgumentException: no payload p3/2/17 please"));
  }
}
