package io.cassandraio.it.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.cassandraio.CassandraIO;
import io.cassandraio.internal.schema.BeamRowReader;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.testing.PAssert;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.schema.CqlDurationType;
import io.cassandraio.schema.InetAddressType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Every CQL type through {@code withRows} and back through {@link BeamRowReader} and {@code
 * CassandraIO.read()}, on the shared
 * node: one table with a column of each type (a static column, non-frozen and frozen UDTs with a
 * UDT and a tuple inside, frozen collections in collections, a vector), written in one pipeline
 * with Rows of {@code CassandraIO.schemaOf}'s schema (the natural Beam types) and with Rows of
 * every alternative Beam type a column takes; read back with a plain driver SELECT and with read(). The values
 * are also checked through the driver's own getters, so that a mistake shared by both directions
 * of the mapping cannot hide.
 */
public class TypeRoundTripIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_types").withSetup((s, ks) -> {
    long started = System.nanoTime();
    s.execute("CREATE TYPE " + ks + ".geo (lat double, lon double)");
    s.execute("CREATE TYPE " + ks + ".address (street text, geo frozen<geo>, span tuple<int, date>, "
        + "tags frozen<set<text>>)");
    s.execute("CREATE TABLE " + ks + ".all_types (k text, c int, s text static, a ascii, t text, vc varchar, "
        + "b boolean, ti tinyint, si smallint, i int, bi bigint, vi varint, f float, d double, dec decimal, "
        + "day date, tm time, ts timestamp, dur duration, id uuid, tid timeuuid, ip inet, bl blob, "
        + "l list<int>, st set<text>, m map<text, date>, lfs list<frozen<set<int>>>, mfl map<int, frozen<list<text>>>, "
        + "tup tuple<int, text, date>, pair tuple<text, date>, home address, work frozen<address>, "
        + "emb vector<float, 3>, PRIMARY KEY (k, c))");
    s.execute("CREATE TABLE " + ks + ".counts (k text PRIMARY KEY, n counter)");
    // A user's table no other test has: a compound partition key of date and timeuuid, clustering
    // by time and a descending varint, a static column, a case-sensitive column, a UDT field in
    // mixed case as a map key, vectors of int and bigint, and an enum's text.
    s.execute("CREATE TYPE " + ks + ".zone (\"Zip\" int, street text)");
    s.execute("CREATE TABLE " + ks + ".events (day date, id timeuuid, at time, n varint, s text static, "
        + "\"Mixed\" text, m map<frozen<zone>, frozen<list<int>>>, vi vector<int, 2>, vb vector<bigint, 2>, "
        + "status text, PRIMARY KEY ((day, id), at, n)) WITH CLUSTERING ORDER BY (at ASC, n DESC)");
    s.execute("CREATE TABLE " + ks + ".small_vectors (k int PRIMARY KEY, v vector<smallint, 2>)");
    System.out.printf("TypeRoundTripIT: types and tables created in %d ms%n", (System.nanoTime() - started) / 1_000_000);
  });

  private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
  private static final UUID TID = UUID.fromString("d2177dd0-eaa2-11de-a572-001b779c76e3");
  private static final BigInteger BIG = BigInteger.TWO.pow(70);
  private static Schema schema;
  private static final Map<String, Row> EXPECTED = new LinkedHashMap<>();
  private static long pipelineMillis;

  /** Writes every row (one pipeline), counting how long that took. */
  @BeforeClass
  public static void writeEverything() throws Exception {
    long schemaStarted = System.nanoTime();
    schema = CassandraIO.schemaOf(KEYSPACE.connection(), "all_types");
    System.out.printf("TypeRoundTripIT: schemaOf took %d ms%n", (System.nanoTime() - schemaStarted) / 1_000_000);
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(2);
    Pipeline p = Pipeline.create(options);
    Row full = full();
    Row edges = edges();
    Row nulls = Row.withSchema(schema).withFieldValue("k", "nulls").withFieldValue("c", 3).build();
    write(p, "natural", schema, full, edges, nulls);
    EXPECTED.put("full", full);
    // Cassandra stores an empty non-frozen collection as no value: it reads back as null.
    EXPECTED.put("edges", Row.fromRow(edges).withFieldValue("l", null).withFieldValue("st", null)
        .withFieldValue("m", null).build());
    EXPECTED.put("nulls", nulls);
    alternatives(p);
    userTable(p);
    p.apply("counter increments", Create.of("a", "a", "b")).apply("counters", CassandraIO.<String>write()
        .withConnection(KEYSPACE.connection())
        .withStatement("UPDATE counts SET n = n + ? WHERE k = ?", (e, b) -> b.setLong(0, 5L).setString(1, e).build()));
    long started = System.nanoTime();
    p.run().waitUntilFinish();
    pipelineMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("TypeRoundTripIT: the write pipeline took %d ms%n", pipelineMillis);
  }

  private static void write(Pipeline p, String name, Schema rowSchema, Row... rows) {
    p.apply(name, Create.of(List.of(rows)).withRowSchema(rowSchema))
        .apply(name + " write", CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("all_types"));
  }

  private static Row geo(double lat, double lon) {
    return Row.withSchema(field("home").getRowSchema().getField("geo").getType().getRowSchema()).addValues(lat, lon).build();
  }

  private static FieldType field(String name) {
    return schema.getField(name).getType();
  }

  private static Row ofType(String field, Object... values) {
    return Row.withSchema(field(field).getRowSchema()).addValues(values).build();
  }

  private static Row address(String street, Row geo, Row span, List<String> tags) {
    return Row.withSchema(field("home").getRowSchema()).withFieldValue("street", street).withFieldValue("geo", geo)
        .withFieldValue("span", span).withFieldValue("tags", tags).build();
  }

  private static Row span(Integer from, LocalDate until) {
    return Row.withSchema(field("home").getRowSchema().getField("span").getType().getRowSchema())
        .addValues(from, until).build();
  }

  private static Row full() throws Exception {
    Map<String, LocalDate> m = new LinkedHashMap<>();
    m.put("x", LocalDate.of(2020, 1, 1));
    Map<Integer, List<String>> mfl = new LinkedHashMap<>();
    mfl.put(1, List.of("b", "a"));
    return Row.withSchema(schema)
        .withFieldValue("k", "full").withFieldValue("c", 1).withFieldValue("s", "static of full")
        .withFieldValue("a", "ascii").withFieldValue("t", "téxt ✓").withFieldValue("vc", "varchar")
        .withFieldValue("b", true).withFieldValue("ti", (byte) -128).withFieldValue("si", (short) 32767)
        .withFieldValue("i", Integer.MIN_VALUE).withFieldValue("bi", Long.MAX_VALUE)
        .withFieldValue("vi", new BigDecimal(BIG)).withFieldValue("f", 3.5f).withFieldValue("d", Double.MAX_VALUE)
        .withFieldValue("dec", new BigDecimal("1.50"))
        .withFieldValue("day", LocalDate.of(2024, 2, 29)).withFieldValue("tm", LocalTime.of(23, 59, 59, 999_999_999))
        .withFieldValue("ts", new org.joda.time.Instant(1_700_000_000_123L))
        .withFieldValue("dur", CqlDuration.newInstance(14, 3, 5_000_000_007L))
        .withFieldValue("id", ID).withFieldValue("tid", TID)
        .withFieldValue("ip", InetAddress.getByName("10.0.0.1")).withFieldValue("bl", new byte[] {0, 1, 2, (byte) 255})
        .withFieldValue("l", List.of(3, 1, 2)).withFieldValue("st", List.of("a", "b")).withFieldValue("m", m)
        .withFieldValue("lfs", List.of(List.of(1, 2), List.of(3))).withFieldValue("mfl", mfl)
        .withFieldValue("tup", ofType("tup", 7, "seven", LocalDate.of(2000, 1, 1)))
        .withFieldValue("pair", ofType("pair", "p", LocalDate.of(2001, 1, 1)))
        .withFieldValue("home", address("Main St", geo(1.5, -0.25), span(1, LocalDate.of(1999, 12, 31)), List.of("x", "y")))
        .withFieldValue("work", address("Side St", geo(-90, 180), span(null, null), List.of()))
        .withFieldValue("emb", List.of(1.5f, -2.0f, 0.25f))
        .build();
  }

  private static Row edges() throws Exception {
    Map<Integer, List<String>> mfl = new LinkedHashMap<>();
    mfl.put(2, List.of());
    return Row.withSchema(schema)
        .withFieldValue("k", "edges").withFieldValue("c", 2)
        .withFieldValue("f", Float.NaN).withFieldValue("d", -0.0d)
        .withFieldValue("vi", new BigDecimal(BIG.pow(2).negate())).withFieldValue("dec", new BigDecimal("-0.000"))
        .withFieldValue("day", LocalDate.of(1900, 1, 1)).withFieldValue("tm", LocalTime.MIDNIGHT)
        .withFieldValue("ts", new org.joda.time.Instant(-1))
        .withFieldValue("dur", CqlDuration.newInstance(-1, -2, -3))
        .withFieldValue("ip", InetAddress.getByName("2001:db8::1")).withFieldValue("bl", new byte[0])
        .withFieldValue("l", List.of()).withFieldValue("st", List.of()).withFieldValue("m", Map.of())
        .withFieldValue("lfs", List.of(List.of())).withFieldValue("mfl", mfl)
        .withFieldValue("tup", ofType("tup", 7, null, null))
        .withFieldValue("home", address(null, null, span(null, null), List.of()))
        .withFieldValue("emb", List.of(Float.NaN, -0.0f, Float.MAX_VALUE))
        .build();
  }

  /** Rows of the other Beam types each column takes, and the natural Rows they must read back as. */
  private static void alternatives(Pipeline p) throws Exception {
    Schema alt1 = Schema.builder().addStringField("k").addInt32Field("c")
        .addInt32Field("day").addInt64Field("tm").addLogicalTypeField("ts", SqlTypes.TIMESTAMP)
        .addStringField("id").addStringField("tid").addInt64Field("vi").addStringField("dur").addStringField("ip")
        .addLogicalTypeField("bl", FixedBytes.of(3)).addArrayField("pair", FieldType.STRING)
        .addIterableField("l", FieldType.INT32).addIterableField("st", FieldType.STRING).build();
    write(p, "alt1", alt1, Row.withSchema(alt1).addValues("alt1", 1, 19782, 3_600_000_000_001L,
        Instant.ofEpochSecond(1_700_000_000L, 123_456_000), ID.toString(), TID.toString(), Long.MIN_VALUE, "1mo2d3h",
        "::1", new byte[] {1, 2, 3}, List.of("x", "2024-01-01"), new LinkedHashSet<>(List.of(1, 2)),
        List.of("b", "a", "b")).build());
    EXPECTED.put("alt1", natural("alt1", 1).withFieldValue("day", LocalDate.ofEpochDay(19782))
        .withFieldValue("tm", LocalTime.of(1, 0, 0, 1)).withFieldValue("ts", new org.joda.time.Instant(1_700_000_000_123L))
        .withFieldValue("id", ID).withFieldValue("tid", TID).withFieldValue("vi", new BigDecimal(Long.MIN_VALUE))
        .withFieldValue("dur", CqlDuration.newInstance(1, 2, 3 * 3_600_000_000_000L))
        .withFieldValue("ip", InetAddress.getByName("::1")).withFieldValue("bl", new byte[] {1, 2, 3})
        .withFieldValue("pair", ofType("pair", "x", LocalDate.of(2024, 1, 1))).withFieldValue("l", List.of(1, 2))
        .withFieldValue("st", List.of("a", "b")).build());

    Schema alt2 = Schema.builder().addStringField("k").addInt32Field("c")
        .addStringField("day").addStringField("tm").addLogicalTypeField("ts", new NanosInstant())
        .addInt32Field("vi").addLogicalTypeField("dur", new NanosDuration()).addByteArrayField("ip")
        .addIterableField("emb", FieldType.FLOAT).build();
    InetAddress v6 = InetAddress.getByName("2001:db8::2");
    write(p, "alt2", alt2, Row.withSchema(alt2).addValues("alt2", 2, "2024-02-29", "08:30",
        Instant.ofEpochMilli(5).plusNanos(999_999), -7, Duration.ofSeconds(90, 1), v6.getAddress(),
        List.of(1f, 2f, 3f)).build());
    EXPECTED.put("alt2", natural("alt2", 2).withFieldValue("day", LocalDate.of(2024, 2, 29))
        .withFieldValue("tm", LocalTime.of(8, 30)).withFieldValue("ts", new org.joda.time.Instant(5))
        .withFieldValue("vi", new BigDecimal(-7)).withFieldValue("dur", CqlDuration.newInstance(0, 0, 90_000_000_001L))
        .withFieldValue("ip", v6).withFieldValue("emb", List.of(1f, 2f, 3f)).build());

    EnumerationType colors = EnumerationType.create("RED", "GREEN");
    Schema alt3 = Schema.builder().addStringField("k").addInt32Field("c")
        .addDateTimeField("day").addInt64Field("ts").addStringField("vi").addStringField("ip")
        .addLogicalTypeField("i", colors).build();
    write(p, "alt3", alt3, Row.withSchema(alt3).addValues("alt3", 3, new DateTime(2024, 2, 29, 0, 0, DateTimeZone.UTC),
        -1L, BIG.pow(2).toString(), "192.168.0.1", colors.valueOf("GREEN")).build());
    EXPECTED.put("alt3", natural("alt3", 3).withFieldValue("day", LocalDate.of(2024, 2, 29))
        .withFieldValue("ts", new org.joda.time.Instant(-1)).withFieldValue("vi", new BigDecimal(BIG.pow(2)))
        .withFieldValue("ip", InetAddress.getByName("192.168.0.1")).withFieldValue("i", 1).build());
  }

  private static final UUID EVENT = UUID.fromString("d2177dd0-eaa2-11de-a572-001b779c76e3");
  private static final UUID STATIC_ONLY = UUID.fromString("e2177dd0-eaa2-11de-a572-001b779c76e3");
  private static Row eventRow;

  /** Rows for table events: one of schemaOf's schema, one of the static column alone, one with an enum. */
  private static void userTable(Pipeline p) {
    Schema events = CassandraIO.schemaOf(KEYSPACE.connection(), "events");
    Schema zone = events.getField("m").getType().getMapKeyType().getRowSchema();
    Map<Row, List<Integer>> m = new LinkedHashMap<>();
    m.put(Row.withSchema(zone).withFieldValue("Zip", 12345).withFieldValue("street", "Main").build(), List.of(2, 1));
    eventRow = Row.withSchema(events).withFieldValue("day", LocalDate.of(2024, 1, 1)).withFieldValue("id", EVENT)
        .withFieldValue("at", LocalTime.of(1, 2)).withFieldValue("n", new BigDecimal(BIG.negate()))
        .withFieldValue("s", "static").withFieldValue("Mixed", "Mixed case").withFieldValue("m", m)
        .withFieldValue("vi", List.of(7, -8)).withFieldValue("vb", List.of(Long.MIN_VALUE, 1L))
        .withFieldValue("status", "NEW").build();
    p.apply("events", Create.of(eventRow).withRowSchema(events))
        .apply("events write", CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("events"));
    Schema staticOnly = Schema.builder().addLogicalTypeField("day", SqlTypes.DATE)
        .addLogicalTypeField("id", new UuidLogicalType()).addStringField("s").build();
    p.apply("static only", Create.of(Row.withSchema(staticOnly).addValues(LocalDate.of(2024, 1, 2), STATIC_ONLY,
        "alone").build()).withRowSchema(staticOnly))
        .apply("static only write", CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("events"));
    EnumerationType status = EnumerationType.create("NEW", "DONE");
    Schema withEnum = Schema.builder().addLogicalTypeField("day", SqlTypes.DATE)
        .addLogicalTypeField("id", new UuidLogicalType()).addLogicalTypeField("at", SqlTypes.TIME)
        .addDecimalField("n").addLogicalTypeField("status", status).build();
    p.apply("enum", Create.of(Row.withSchema(withEnum).addValues(LocalDate.of(2024, 1, 1), EVENT, LocalTime.of(1, 2),
        BigDecimal.ONE, status.valueOf("DONE")).build()).withRowSchema(withEnum))
        .apply("enum write", CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("events"));
  }

  private static Row.FieldValueBuilder natural(String k, int c) {
    return Row.withSchema(schema).withFieldValue("k", k).withFieldValue("c", c);
  }

  // ---- reading back ----------------------------------------------------------------------------

  private static TableMetadata table(String name) {
    CqlSession session = KEYSPACE.session();
    return session.getMetadata().getKeyspace(KEYSPACE.name()).flatMap(ks -> ks.getTable(name)).orElseThrow();
  }

  /** Every row of all_types through BeamRowReader, by key. */
  private static Map<String, Row> readAll(BeamRowReader reader) {
    String columns = reader.columns().stream().map(id -> id.asCql(true)).collect(Collectors.joining(", "));
    Map<String, Row> rows = new LinkedHashMap<>();
    for (com.datastax.oss.driver.api.core.cql.Row row : KEYSPACE.session()
        .execute("SELECT " + columns + " FROM " + KEYSPACE.table("all_types"))) {
      Row beam = reader.read(row);
      rows.put(beam.getString("k"), beam);
    }
    return rows;
  }

  private static com.datastax.oss.driver.api.core.cql.Row driverRow(String k) {
    return KEYSPACE.session().execute("SELECT * FROM " + KEYSPACE.table("all_types") + " WHERE k = ?", k).one();
  }

  @Test
  public void schemaOfIsTheReadersSchemaWithThePartitionKeyNotNull() {
    assertEquals(BeamRowReader.of(table("all_types"), List.of()).schema(), schema);
    assertFalse(schema.getField("k").getType().getNullable());
    // all_types has a static column: a partition with only static values reads with c null.
    assertTrue(schema.getField("c").getType().getNullable());
    assertTrue(schema.getField("s").getType().getNullable());
    assertEquals(FieldType.logicalType(SqlTypes.DATE).withNullable(true), schema.getField("day").getType());
    assertEquals(CqlDurationType.fieldType().withNullable(true), schema.getField("dur").getType());
    assertEquals(InetAddressType.fieldType().withNullable(true), schema.getField("ip").getType());
    assertEquals(FieldType.array(FieldType.FLOAT).withNullable(true), schema.getField("emb").getType());
  }

  @Test
  public void everyRowReadsBackAsWritten() {
    Map<String, Row> read = readAll(BeamRowReader.of(table("all_types"), List.of()));
    assertEquals(EXPECTED.keySet().stream().sorted().toList(), read.keySet().stream().sorted().toList());
    for (Map.Entry<String, Row> e : EXPECTED.entrySet()) {
      Row actual = read.get(e.getKey());
      for (Schema.Field f : schema.getFields()) {
        assertEquals("row " + e.getKey() + ", column " + f.getName(), render(e.getValue().getValue(f.getName())),
            render(actual.getValue(f.getName())));
      }
      assertEquals("row " + e.getKey(), e.getValue(), actual);
    }
  }

  /** Values as text for messages, arrays by content. */
  private static String render(Object value) {
    return value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : String.valueOf(value);
  }

  @Test
  public void theDriverReadsTheValuesThatWereMeant() throws Exception {
    com.datastax.oss.driver.api.core.cql.Row full = driverRow("full");
    assertEquals(BIG, full.getBigInteger("vi"));
    assertEquals(new BigDecimal("1.50"), full.getBigDecimal("dec"));
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), full.getInstant("ts"));
    assertEquals(LocalDate.of(2024, 2, 29), full.getLocalDate("day"));
    assertEquals(LocalTime.of(23, 59, 59, 999_999_999), full.getLocalTime("tm"));
    assertEquals(CqlDuration.newInstance(14, 3, 5_000_000_007L), full.getCqlDuration("dur"));
    assertEquals(InetAddress.getByName("10.0.0.1"), full.getInetAddress("ip"));
    assertEquals(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}), full.getByteBuffer("bl"));
    assertEquals("static of full", full.getString("s"));
    UdtValue home = full.getUdtValue("home");
    assertEquals(-0.25, home.getUdtValue("geo").getDouble("lon"), 0);
    TupleValue span = home.getTupleValue("span");
    assertEquals(LocalDate.of(1999, 12, 31), span.getLocalDate(1));
    assertEquals(CqlVector.newInstance(1.5f, -2.0f, 0.25f), full.getObject("emb"));
    assertEquals(List.of(List.of(1, 2), List.of(3)),
        full.getList("lfs", java.util.Set.class).stream().map(ArrayList::new).toList());
    com.datastax.oss.driver.api.core.cql.Row edges = driverRow("edges");
    assertTrue(Float.isNaN(edges.getFloat("f")));
    assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(edges.getDouble("d")));
    assertEquals(BIG.pow(2).negate(), edges.getBigInteger("vi"));
    assertEquals(InetAddress.getByName("2001:db8::1"), edges.getInetAddress("ip"));
    assertTrue("an empty list is no value", edges.isNull("l"));
    assertEquals(0, edges.getByteBuffer("bl").remaining());
    assertFalse("an empty blob is a value", edges.isNull("bl"));
    assertEquals(CqlDuration.newInstance(-1, -2, -3), edges.getCqlDuration("dur"));
  }

  /**
   * The same rows through {@code CassandraIO.read()} on the DirectRunner: through the runner's
   * coders (RowCoder with this library's logical types) and the token-range splits; counters too.
   */
  @Test
  public void readGivesEveryRowAsWritten() {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    Pipeline p = Pipeline.create(options);
    PCollection<Row> rows = p.apply("read all_types", CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("all_types").withNumSplits(4));
    assertEquals(schema, rows.getSchema());
    PAssert.that(rows).containsInAnyOrder(EXPECTED.values());
    PCollection<KV<String, Long>> counts = p.apply("read counts", CassandraIO.read()
        .withConnection(KEYSPACE.connection()).withTable("counts")
        .withRowMapper(r -> KV.of(r.getString("k"), r.getInt64("n")), KvCoder.of(StringUtf8Coder.of(),
            VarLongCoder.of())));
    PAssert.that(counts).containsInAnyOrder(KV.of("a", 10L), KV.of("b", 5L));
    p.run().waitUntilFinish();
  }

  @Test
  public void aProjectionReadsOnlyItsColumns() {
    BeamRowReader reader = BeamRowReader.of(table("all_types"), List.of("k", "ip", "home"));
    Map<String, Row> read = readAll(reader);
    assertEquals(List.of("k", "ip", "home"), read.get("full").getSchema().getFieldNames());
    assertEquals(EXPECTED.get("full").getRow("home"), read.get("full").getRow("home"));
  }

  /** Every row of {@code table} through BeamRowReader. */
  private static List<Row> readTable(String table) {
    BeamRowReader reader = BeamRowReader.of(table(table), List.of());
    List<Row> rows = new ArrayList<>();
    for (com.datastax.oss.driver.api.core.cql.Row row : KEYSPACE.session().execute("SELECT "
        + reader.columns().stream().map(id -> id.asCql(true)).collect(Collectors.joining(", ")) + " FROM "
        + KEYSPACE.table(table))) {
      rows.add(reader.read(row));
    }
    return rows;
  }

  @Test
  public void aUsersTableReadsBackAsWritten() {
    Map<String, Row> byKey = new LinkedHashMap<>();
    readTable("events").forEach(r -> byKey.put(r.getLogicalTypeValue("id", UUID.class) + "/"
        + r.getValue("n"), r));
    // n is a descending clustering column: 1 before -2^70
    assertEquals(List.of(EVENT + "/1", EVENT + "/-" + BIG, STATIC_ONLY + "/null"), new ArrayList<>(byKey.keySet()));
    Row event = byKey.get(EVENT + "/-" + BIG);
    assertEquals(eventRow, event);
    assertEquals("an enum goes into text by name", "DONE", byKey.get(EVENT + "/1").getString("status"));
    com.datastax.oss.driver.api.core.cql.Row driver = KEYSPACE.session().execute("SELECT \"Mixed\", m, vi, vb FROM "
        + KEYSPACE.table("events") + " WHERE day = '2024-01-01' AND id = ? AND at = '01:02:00' AND n = ?", EVENT,
        BIG.negate()).one();
    assertEquals("Mixed case", driver.getString("\"Mixed\""));
    assertEquals(CqlVector.newInstance(7, -8), driver.getObject("vi"));
    assertEquals(CqlVector.newInstance(Long.MIN_VALUE, 1L), driver.getObject("vb"));
    UdtValue zone = driver.getMap("m", UdtValue.class, List.class).keySet().iterator().next();
    assertEquals(12345, zone.getInt("\"Zip\""));
  }

  @Test
  public void aPartitionWithOnlyStaticValuesReadsWithNullClusteringColumnsItsSchemaAllows() {
    Row alone = readTable("events").stream()
        .filter(r -> STATIC_ONLY.equals(r.getLogicalTypeValue("id", UUID.class))).findFirst().orElseThrow();
    assertEquals("alone", alone.getString("s"));
    assertEquals(null, alone.getValue("at"));
    // Row.Builder verifies nullability: a null in a NOT NULL field would throw here.
    assertEquals(alone, Row.withSchema(alone.getSchema()).addValues(alone.getValues()).build());
    assertTrue(schemaOf("events").getField("at").getType().getNullable());
    assertFalse(schemaOf("events").getField("day").getType().getNullable());
  }

  private static Schema schemaOf(String table) {
    return CassandraIO.schemaOf(KEYSPACE.connection(), table);
  }

  /** Driver 4.17 reads a vector<smallint, 2> of [1, 2] as garbage or fails: refused, never read wrong. */
  @Test
  public void aVectorTheDriverGetsWrongIsRefused() {
    KEYSPACE.session().execute("INSERT INTO " + KEYSPACE.table("small_vectors") + " (k, v) VALUES (1, [1, 2])");
    IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
        () -> schemaOf("small_vectors"));
    assertEquals("schemaOf(" + KEYSPACE.name() + ".small_vectors): column " + KEYSPACE.name() + ".small_vectors.v "
        + "has CQL type vector<smallint, 2>, which has no Beam type: the driver (4.17) reads vectors of float, double, "
        + "int and bigint only (it would read other element types wrong); CassandraIO.read().withColumns(...) reads "
        + "the other columns, and withRows writes Rows without it", e.getMessage());
  }

  @Test
  public void countersReadAsInt64() {
    BeamRowReader reader = BeamRowReader.of(table("counts"), List.of());
    Map<String, Long> counts = new LinkedHashMap<>();
    for (com.datastax.oss.driver.api.core.cql.Row row : KEYSPACE.session().execute("SELECT "
        + reader.columns().stream().map(id -> id.asCql(true)).collect(Collectors.joining(", ")) + " FROM "
        + KEYSPACE.table("counts"))) {
      Row beam = reader.read(row);
      counts.put(beam.getString("k"), beam.getInt64("n"));
    }
    assertEquals(Map.of("a", 10L, "b", 5L), counts);
    assertEquals(FieldType.INT64.withNullable(true), reader.schema().getField("n").getType());
  }
}
