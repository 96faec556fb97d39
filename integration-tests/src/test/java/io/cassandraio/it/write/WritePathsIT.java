package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.cassandraio.CassandraIO;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.Row;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The three ways in (mapper entity, CQL plus binder, Beam Rows) each write the same values
 * into a table with text, bigint, double, timestamp, uuid, list, map, UDT and a clustering
 * column; every value is read back and compared.
 */
public class WritePathsIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_write_paths").withSetup((s, ks) -> {
    s.execute("CREATE TYPE " + ks + ".address (street text, zip int)");
    for (String table : List.of("items_entity", "items_cql", "items_row", "items_entity_a", "items_entity_b")) {
      s.execute("CREATE TABLE " + ks + "." + table + " (id text, seq int, name text, big bigint, "
          + "ratio double, at timestamp, uid uuid, tags list<text>, attrs map<text, int>, home address, "
          + "PRIMARY KEY (id, seq))");
    }
  });

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  static final Schema ADDRESS = Schema.builder().addStringField("street").addInt32Field("zip").build();
  static final Schema ITEM = Schema.builder()
      .addStringField("id")
      .addInt32Field("seq")
      .addStringField("name")
      .addInt64Field("big")
      .addDoubleField("ratio")
      .addDateTimeField("at")
      .addStringField("uid") // the Row path converts a String field into a uuid column
      .addArrayField("tags", FieldType.STRING)
      .addMapField("attrs", FieldType.STRING, FieldType.INT32)
      .addRowField("home", ADDRESS)
      .build();

  /** 3 partitions x 4 clustering rows, with edge values (extremes, non-ASCII, negative). */
  static List<PathItem> items(String prefix) {
    List<PathItem> out = new ArrayList<>();
    long[] bigs = {0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123L};
    double[] ratios = {0.0, -2.5, 1e-300, Math.PI, Double.MAX_VALUE};
    for (int p = 0; p < 3; p++) {
      for (int seq = 0; seq < 4; seq++) {
        int i = p * 4 + seq;
        String id = prefix + "-" + p;
        List<String> tags = new ArrayList<>();
        for (int t = 0; t <= i % 3; t++) {
          tags.add("tag" + t + (t == 1 ? " ü✓" : ""));
        }
        Map<String, Integer> attrs = new LinkedHashMap<>();
        attrs.put("a", i);
        attrs.put("b" + i, -i * 1000);
        out.add(new PathItem(id, seq, "name " + i + " Zürich ✓",
            bigs[i % bigs.length], ratios[i % ratios.length],
            Instant.ofEpochMilli(1_700_000_000_123L + i * 86_400_001L),
            UUID.nameUUIDFromBytes((prefix + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            tags, attrs, new PathAddress("Street " + i, 10_000 + i)));
      }
    }
    return out;
  }

  @Test
  public void entityPath() {
    List<PathItem> input = items("entity");
    pipeline.apply(org.apache.beam.sdk.transforms.Create.of(input).withCoder(SerializableCoder.of(PathItem.class)))
        .apply(CassandraIO.<PathItem>write()
            .withConnection(KEYSPACE.connection())
            .withEntity(PathItem.class,
                s -> new PathMapperBuilder(s).build().pathDao("items_entity"),
                PathDao::save));
    pipeline.run().waitUntilFinish();
    assertTableHolds("items_entity", input);
  }

  /**
   * Two entity writes in one pipeline, on one connection (so one shared session), whose DAO
   * factories are the same lambda with a different table captured: each must write into its own
   * table. (The DAO is built once per session; it must not be shared between different factories.)
   */
  @Test
  public void entityPathTwoTablesInOnePipeline() {
    for (String table : List.of("items_entity_a", "items_entity_b")) {
      pipeline.apply("Items " + table,
              org.apache.beam.sdk.transforms.Create.of(items(table)).withCoder(SerializableCoder.of(PathItem.class)))
          .apply("Write " + table, CassandraIO.<PathItem>write()
              .withConnection(KEYSPACE.connection())
              .withEntity(PathItem.class, s -> new PathMapperBuilder(s).build().pathDao(table), PathDao::save));
    }
    pipeline.run().waitUntilFinish();
    assertTableHolds("items_entity_a", items("items_entity_a"));
    assertTableHolds("items_entity_b", items("items_entity_b"));
  }

  @Test
  public void statementPath() {
    List<PathItem> input = items("cql");
    pipeline.apply(org.apache.beam.sdk.transforms.Create.of(input).withCoder(SerializableCoder.of(PathItem.class)))
        .apply(CassandraIO.<PathItem>write()
            .withConnection(KEYSPACE.connection())
            .withStatement("INSERT INTO items_cql (id, seq, name, big, ratio, at, uid, tags, attrs, home) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (e, b) -> {
                  UserDefinedType address = (UserDefinedType) b.getType("home");
                  return b.setString("id", e.getId())
                      .setInt("seq", e.getSeq())
                      .setString("name", e.getName())
                      .setLong("big", e.getBig())
                      .setDouble("ratio", e.getRatio())
                      .setInstant("at", e.getAt())
                      .setUuid("uid", e.getUid())
                      .setList("tags", e.getTags(), String.class)
                      .setMap("attrs", e.getAttrs(), String.class, Integer.class)
                      .setUdtValue("home", address.newValue()
                          .setString("street", e.getHome().getStreet())
                          .setInt("zip", e.getHome().getZip()))
                      .build();
                }));
    pipeline.run().waitUntilFinish();
    assertTableHolds("items_cql", input);
  }

  @Test
  public void rowPath() {
    List<PathItem> input = items("row");
    List<Row> rows = new ArrayList<>();
    for (PathItem e : input) {
      rows.add(Row.withSchema(ITEM).addValues(e.getId(), e.getSeq(), e.getName(), e.getBig(), e.getRatio(),
          new org.joda.time.Instant(e.getAt().toEpochMilli()), e.getUid().toString(), e.getTags(), e.getAttrs(),
          Row.withSchema(ADDRESS).addValues(e.getHome().getStreet(), e.getHome().getZip()).build()).build());
    }
    WriteItSupport.oneBundle(pipeline, "Rows", rows)
        .setRowSchema(ITEM)
        .apply(CassandraIO.<Row>write()
            .withConnection(KEYSPACE.connection())
            .withRows("items_row"));
    pipeline.run().waitUntilFinish();
    assertTableHolds("items_row", input);
  }

  /** Reads the whole table back with our own session and compares every column of every row. */
  private static void assertTableHolds(String table, List<PathItem> expected) {
    Map<String, PathItem> want = new TreeMap<>();
    expected.forEach(e -> want.put(e.key(), e));
    Map<String, PathItem> got = new TreeMap<>();
    for (com.datastax.oss.driver.api.core.cql.Row r : KEYSPACE.session().execute("SELECT * FROM " + KEYSPACE.table(table))) {
      UdtValue home = r.getUdtValue("home");
      PathItem item = new PathItem(r.getString("id"), r.getInt("seq"), r.getString("name"),
          r.isNull("big") ? null : r.getLong("big"), r.isNull("ratio") ? null : r.getDouble("ratio"),
          r.getInstant("at"), r.getUuid("uid"),
          r.isNull("tags") ? null : r.getList("tags", String.class),
          r.isNull("attrs") ? null : r.getMap("attrs", String.class, Integer.class),
          home == null ? null : new PathAddress(home.getString("street"), home.getInt("zip")));
      got.put(item.key(), item);
    }
    assertEquals(table + ": keys", want.keySet(), got.keySet());
    for (String key : want.keySet()) {
      assertEquals(table + ": row " + key, want.get(key), got.get(key));
    }
  }
}
