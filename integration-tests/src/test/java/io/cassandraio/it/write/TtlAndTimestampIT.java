package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.CassandraIO;
import io.cassandraio.it.support.TestKeyspace;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * TTL and write timestamp reach Cassandra, checked with {@code SELECT TTL(v), WRITETIME(v)}:
 * constant and per element, on the CQL path ({@code USING TTL ?} in the statement) and the Row
 * path (which generates the marker). Per-element timestamps differ inside one partition, so a
 * batch that mixed them would show up as a wrong WRITETIME.
 */
public class TtlAndTimestampIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_ttl_timestamp").withSetup((s, ks) -> {
    for (String t : List.of("cql_const", "cql_each", "row_const", "row_each")) {
      s.execute("CREATE TABLE " + ks + "." + t + " (pk text, ck int, v text, PRIMARY KEY (pk, ck))");
    }
  });

  /** 2020-09-13T12:26:40Z in microseconds: far from "now", so the driver clock cannot be mistaken for it. */
  private static final long BASE_MICROS = 1_600_000_000_000_000L;
  /** Seconds a TTL may have run down between the write and the read on a busy machine. */
  private static final int TTL_SLACK = 120;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  record Cell(int p, int ck, String v) implements Serializable {
    String pk() {
      return "p" + p;
    }
  }

  static final Schema CELL = Schema.builder().addStringField("pk").addInt32Field("ck").addStringField("v").build();

  /** 5 partitions x 6 rows. */
  static List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (int ck = 0; ck < 6; ck++) {
      for (int p = 0; p < 5; p++) {
        out.add(new Cell(p, ck, "v" + p + "-" + ck));
      }
    }
    return out;
  }

  static List<Row> rows() {
    List<Row> out = new ArrayList<>();
    cells().forEach(c -> out.add(Row.withSchema(CELL).addValues(c.pk(), c.ck(), c.v()).build()));
    return out;
  }

  @Test
  public void cqlConstantTtlAndTimestamp() {
    write("cql_const", null,
        w -> w.withTtl(Duration.ofHours(2)).withWriteTimestamp(BASE_MICROS));
    Map<String, Stored> stored = read("cql_const");
    for (Cell c : cells()) {
      Stored s = stored.get(c.pk() + "/" + c.ck());
      assertEquals(c.v(), s.v);
      assertTtl(c, 7200, s.ttl);
      assertEquals("WRITETIME of " + c, BASE_MICROS, (long) s.writetime);
    }
  }

  @Test
  public void cqlPerElementTtlAndTimestamp() {
    String key = "ttl-cql-each";
    write("cql_each", key, w -> w.withTtl(TtlAndTimestampIT::ttlOf).withWriteTimestamp(TtlAndTimestampIT::microsOf));
    long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    Map<String, Stored> stored = read("cql_each");
    for (Cell c : cells()) {
      Stored s = stored.get(c.pk() + "/" + c.ck());
      assertEquals(c.v(), s.v);
      Integer ttl = ttlOf(c);
      if (ttl == null) {
        assertNull("no TTL for " + c, s.ttl);
      } else {
        assertTtl(c, ttl, s.ttl);
      }
      Long micros = microsOf(c);
      if (micros == null) {
        // The driver's clock: within the last 10 minutes.
        assertTrue("WRITETIME of " + c + " should be about now, was " + s.writetime,
            Math.abs(now - s.writetime) < TimeUnit.MINUTES.toMicros(10));
      } else {
        assertEquals("WRITETIME of " + c, (long) micros, (long) s.writetime);
      }
    }
    // What was sent: batches happened, and no batch mixed write timestamps (a batch has one).
    List<List<BoundStatement>> requests = WriteItSupport.sent(key);
    long batches = requests.stream().filter(r -> r.size() > 1).count();
    assertTrue("rows share partitions and timestamps, so batches must have been sent", batches > 0);
    for (List<BoundStatement> r : requests) {
      Set<Long> timestamps = new HashSet<>();
      r.forEach(s -> timestamps.add(s.getQueryTimestamp()));
      assertEquals("a batch must not mix write timestamps: " + timestamps, 1, timestamps.size());
    }
  }

  @Test
  public void rowPathConstantTtlPerElementTimestamp() {
    WriteItSupport.oneBundle(pipeline, "Rows", rows())
        .setRowSchema(CELL)
        .apply(CassandraIO.<Row>write()
            .withConnection(KEYSPACE.connection())
            .withRows("row_const")
            .withTtl(Duration.ofMinutes(30))
            .withWriteTimestamp(r -> BASE_MICROS + r.getInt32("ck") * 1000L + r.getString("pk").hashCode() % 7));
    pipeline.run().waitUntilFinish();
    Map<String, Stored> stored = read("row_const");
    for (Cell c : cells()) {
      Stored s = stored.get(c.pk() + "/" + c.ck());
      assertEquals(c.v(), s.v);
      assertTtl(c, 1800, s.ttl);
      assertEquals("WRITETIME of " + c, BASE_MICROS + c.ck() * 1000L + c.pk().hashCode() % 7, (long) s.writetime);
    }
  }

  @Test
  public void rowPathPerElementTtlConstantTimestamp() {
    WriteItSupport.oneBundle(pipeline, "Rows", rows())
        .setRowSchema(CELL)
        .apply(CassandraIO.<Row>write()
            .withConnection(KEYSPACE.connection())
            .withRows(KEYSPACE.table("row_each"))
            .withTtl(r -> r.getInt32("ck") % 3 == 0 ? null : 500 + r.getInt32("ck"))
            .withWriteTimestamp(BASE_MICROS + 42));
    pipeline.run().waitUntilFinish();
    Map<String, Stored> stored = read("row_each");
    for (Cell c : cells()) {
      Stored s = stored.get(c.pk() + "/" + c.ck());
      assertEquals(c.v(), s.v);
      if (c.ck() % 3 == 0) {
        assertNull("no TTL for " + c, s.ttl);
      } else {
        assertTtl(c, 500 + c.ck(), s.ttl);
      }
      assertEquals("WRITETIME of " + c, BASE_MICROS + 42, (long) s.writetime);
    }
  }

  /** Per element: a different TTL per row, none for ck == 5. */
  static Integer ttlOf(Cell c) {
    return c.ck() == 5 ? null : 1000 + c.ck() * 100 + c.p();
  }

  /** Per element: two timestamps per partition (even and odd ck), the driver clock for ck == 4. */
  static Long microsOf(Cell c) {
    return c.ck() == 4 ? null : BASE_MICROS + c.p() * 1_000_000L + (c.ck() % 2) * 1000L;
  }

  private void write(String table, String listenerKey,
      SerializableFunction<CassandraIO.Write<Cell>, CassandraIO.Write<Cell>> options) {
    CassandraIO.Write<Cell> write = CassandraIO.<Cell>write()
        .withConnection(KEYSPACE.connection())
        .withStatement("INSERT INTO " + table + " (pk, ck, v) VALUES (?, ?, ?) USING TTL ?",
            (c, b) -> b.setString("pk", c.pk()).setInt("ck", c.ck()).setString("v", c.v()).build());
    if (listenerKey != null) {
      write = write.withSentRequestListener(WriteItSupport.recordingListener(listenerKey));
    }
    WriteItSupport.oneBundle(pipeline, "Cells", cells(), SerializableCoder.of(Cell.class))
        .apply(options.apply(write));
    pipeline.run().waitUntilFinish();
  }

  private record Stored(String v, Integer ttl, Long writetime) {}

  private static Map<String, Stored> read(String table) {
    Map<String, Stored> out = new TreeMap<>();
    for (com.datastax.oss.driver.api.core.cql.Row r : KEYSPACE.session().execute(
        "SELECT pk, ck, v, TTL(v) AS t, WRITETIME(v) AS w FROM " + KEYSPACE.table(table))) {
      out.put(r.getString("pk") + "/" + r.getInt("ck"), new Stored(r.getString("v"),
          r.isNull("t") ? null : r.getInt("t"), r.isNull("w") ? null : r.getLong("w")));
    }
    assertEquals(table + ": row count", cells().size(), out.size());
    return out;
  }

  private static void assertTtl(Cell c, int written, Integer stored) {
    assertNotNull("TTL of " + c + " should be about " + written + " but there is none", stored);
    assertTrue("TTL of " + c + " should be in [" + (written - TTL_SLACK) + ", " + written + "], was " + stored,
        stored <= written && stored >= written - TTL_SLACK);
  }
}
