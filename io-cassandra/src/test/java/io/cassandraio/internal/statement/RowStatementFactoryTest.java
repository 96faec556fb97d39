package io.cassandraio.internal.statement;

import static io.cassandraio.internal.statement.FakeStatements.integer;
import static io.cassandraio.internal.statement.FakeStatements.text;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.session.SessionLease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.Test;

/**
 * The Row path against table metadata: checks at pipeline construction ({@code forInput}), the
 * checks and the generated INSERT at {@code open}, and the statements it makes. The session is a
 * mock; the prepared statement's bound statements are the driver's own.
 */
public class RowStatementFactoryTest {
  private static final Schema SCHEMA = Schema.builder()
      .addStringField("k")
      .addNullableField("v", Schema.FieldType.INT32)
      .addDateTimeField("ts")
      .build();

  private static final ConnectionSpec NO_KEYSPACE = ConnectionSpec.empty();

  private static ConnectionSpec keyspace(String keyspace) {
    return ConnectionSpec.empty().toBuilder().setKeyspace(keyspace).build();
  }

  private static PCollection<Row> rows(Schema schema) {
    return Pipeline.create().apply("Rows", Create.empty(schema));
  }

  /** Columns in table order; the first {@code keys} are the primary key. */
  private static TableMetadata table(String keyspace, String table, int keys, Object... nameAndType) {
    Map<CqlIdentifier, ColumnMetadata> columns = new LinkedHashMap<>();
    List<ColumnMetadata> primaryKey = new ArrayList<>();
    for (int i = 0; i < nameAndType.length; i += 2) {
      CqlIdentifier name = CqlIdentifier.fromInternal((String) nameAndType[i]);
      ColumnMetadata column = mock(ColumnMetadata.class);
      when(column.getName()).thenReturn(name);
      when(column.getType()).thenReturn((DataType) nameAndType[i + 1]);
      columns.put(name, column);
      if (i / 2 < keys) {
        primaryKey.add(column);
      }
    }
    TableMetadata meta = mock(TableMetadata.class);
    when(meta.getKeyspace()).thenReturn(CqlIdentifier.fromInternal(keyspace));
    when(meta.getName()).thenReturn(CqlIdentifier.fromInternal(table));
    when(meta.getColumns()).thenReturn(columns);
    when(meta.getPrimaryKey()).thenReturn(primaryKey);
    when(meta.getColumn(any(CqlIdentifier.class)))
        .thenAnswer(inv -> Optional.ofNullable(columns.get(inv.<CqlIdentifier>getArgument(0))));
    return meta;
  }

  /** ks.t: k text (key), ts timestamp, other text, v int. */
  private static TableMetadata kvTable() {
    return table("ks", "t", 1, "k", DataTypes.TEXT, "ts", DataTypes.TIMESTAMP, "other", DataTypes.TEXT,
        "v", DataTypes.INT);
  }

  /** A lease on a session that knows {@code meta} and records the CQL it prepares. */
  private static SessionLease lease(TableMetadata meta, AtomicReference<String> preparedCql,
      FakeStatements.Var... variables) {
    CqlSession session = mock(CqlSession.class, RETURNS_DEEP_STUBS);
    KeyspaceMetadata ks = mock(KeyspaceMetadata.class);
    when(ks.getTable(any(CqlIdentifier.class)))
        .thenAnswer(inv -> meta.getName().equals(inv.getArgument(0)) ? Optional.of(meta) : Optional.empty());
    when(session.getMetadata().getKeyspace(any(CqlIdentifier.class)))
        .thenAnswer(inv -> meta.getKeyspace().equals(inv.getArgument(0)) ? Optional.of(ks) : Optional.empty());
    when(session.getContext().getCodecRegistry()).thenReturn(CodecRegistry.DEFAULT);
    when(session.prepare(anyString())).thenAnswer(inv -> {
      preparedCql.set(inv.getArgument(0));
      return FakeStatements.prepared(inv.getArgument(0), variables);
    });
    SessionLease lease = mock(SessionLease.class);
    when(lease.session()).thenReturn(session);
    return lease;
  }

  private static SessionLease lease(TableMetadata meta) {
    return lease(meta, new AtomicReference<>());
  }

  private static StatementFactory<Row> forRows(String table, Schema schema, ConnectionSpec connection) {
    return new RowStatementFactory<Row>(table).forInput(rows(schema), connection);
  }

  // --- forInput: at pipeline construction ---

  @Test
  public void anInputWithoutASchemaIsRefusedNamingTheTableAndTheInput() {
    PCollection<String> strings = Pipeline.create().apply("Strings", Create.of("a"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RowStatementFactory<String>("ks.t").forInput(strings, NO_KEYSPACE));
    assertTrue(e.getMessage(), e.getMessage().contains("withRows(\"ks.t\")"));
    assertTrue(e.getMessage(), e.getMessage().contains("needs an input with a Beam schema"));
    assertTrue(e.getMessage(), e.getMessage().contains(".setRowSchema"));
    assertTrue(e.getMessage(), e.getMessage().contains(strings.getName()));
  }

  @Test
  public void aTableWithoutAKeyspaceNeedsTheConnectionsKeyspace() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("t", SCHEMA, NO_KEYSPACE));
    assertTrue(e.getMessage(), e.getMessage().contains("withRows(\"t\") needs a keyspace"));
    assertTrue(e.getMessage(), e.getMessage().contains("keyspace.table"));
    assertTrue(e.getMessage(), e.getMessage().contains("withKeyspace"));
  }

  @Test
  public void theConnectionsKeyspaceIsUsedOnlyWhenTheTableHasNone() {
    assertEquals("rows into conn.t", forRows("t", SCHEMA, keyspace("conn")).describe());
    assertEquals("rows into ks.t", forRows("ks.t", SCHEMA, keyspace("conn")).describe());
    assertEquals("rows into ks.t", forRows("ks.t", SCHEMA, NO_KEYSPACE).describe());
  }

  @Test
  public void aBadTableNameIsRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> new RowStatementFactory<Row>("ks.t.x"));
    assertThrows(IllegalArgumentException.class, () -> new RowStatementFactory<Row>(""));
  }

  @Test
  public void openBeforeForInputIsAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> new RowStatementFactory<Row>("ks.t").open(lease(kvTable())));
  }

  // --- open: against the table's metadata ---

  @Test
  public void theInsertHasTheSchemasColumnsInSchemaOrder() {
    AtomicReference<String> cql = new AtomicReference<>();
    forRows("ks.t", SCHEMA, NO_KEYSPACE).open(lease(kvTable(), cql));
    assertEquals("INSERT INTO ks.t (k,v,ts) VALUES (?,?,?)", cql.get());
  }

  @Test
  public void theInsertHasATtlMarkerWhenAsked() {
    AtomicReference<String> cql = new AtomicReference<>();
    new RowStatementFactory<Row>("ks.t").withTtlMarker().forInput(rows(SCHEMA), NO_KEYSPACE)
        .open(lease(kvTable(), cql));
    assertEquals("INSERT INTO ks.t (k,v,ts) VALUES (?,?,?) USING TTL ?", cql.get());
    assertTrue(Idempotence.isIdempotent(cql.get()));
  }

  @Test
  public void namesThatNeedQuotesAreQuoted() {
    // A case-sensitive column, a reserved word, a name with a space.
    Schema schema = Schema.builder().addStringField("Key").addInt32Field("select").addInt32Field("two words").build();
    TableMetadata meta = table("ks", "t", 1, "Key", DataTypes.TEXT, "select", DataTypes.INT, "two words", DataTypes.INT);
    AtomicReference<String> cql = new AtomicReference<>();
    forRows("ks.t", schema, NO_KEYSPACE).open(lease(meta, cql));
    assertEquals("INSERT INTO ks.t (\"Key\",\"select\",\"two words\") VALUES (?,?,?)", cql.get());
  }

  @Test
  public void aFieldMatchesAColumnCaseInsensitivelyAsUnquotedCql() {
    Schema schema = Schema.builder().addStringField("K").addInt32Field("V").build();
    AtomicReference<String> cql = new AtomicReference<>();
    forRows("ks.t", schema, NO_KEYSPACE).open(lease(kvTable(), cql));
    assertEquals("INSERT INTO ks.t (k,v) VALUES (?,?)", cql.get());
  }

  @Test
  public void anExactMatchWinsOverACaseInsensitiveOne() {
    TableMetadata meta = table("ks", "t", 1, "k", DataTypes.TEXT, "v", DataTypes.INT, "V", DataTypes.TEXT);
    Schema schema = Schema.builder().addStringField("k").addStringField("V").build();
    AtomicReference<String> cql = new AtomicReference<>();
    forRows("ks.t", schema, NO_KEYSPACE).open(lease(meta, cql));
    assertEquals("INSERT INTO ks.t (k,\"V\") VALUES (?,?)", cql.get());
  }

  @Test
  public void aReservedWordOrOddNameMatchesCaseInsensitivelyToo() {
    // Names that are no valid unquoted CQL (a reserved word, a dash) match like any other.
    TableMetadata meta = table("ks", "t", 1, "k", DataTypes.TEXT, "select", DataTypes.INT, "user-id", DataTypes.TEXT);
    Schema schema = Schema.builder().addStringField("k").addInt32Field("SELECT").addStringField("User-Id").build();
    AtomicReference<String> cql = new AtomicReference<>();
    forRows("ks.t", schema, NO_KEYSPACE).open(lease(meta, cql));
    assertEquals("INSERT INTO ks.t (k,\"select\",\"user-id\") VALUES (?,?,?)", cql.get());
  }

  @Test
  public void anUnknownFieldThatIsNoValidUnquotedCqlIsNamedToo() {
    Schema schema = Schema.builder().addStringField("k").addStringField("user-id").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("ks.t", schema, NO_KEYSPACE).open(lease(kvTable())));
    assertEquals("withRows: field 'user-id' has no column in ks.t (columns: k, ts, other, v)", e.getMessage());
  }

  @Test
  public void aMissingTableIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("ks.nope", SCHEMA, NO_KEYSPACE).open(lease(kvTable())));
    assertTrue(e.getMessage(), e.getMessage().contains("table ks.nope does not exist"));
  }

  @Test
  public void anUnknownFieldIsNamedWithTheTablesColumns() {
    Schema schema = Schema.builder().addStringField("k").addStringField("colour").build();
    AtomicReference<String> cql = new AtomicReference<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("ks.t", schema, NO_KEYSPACE).open(lease(kvTable(), cql)));
    assertEquals("withRows: field 'colour' has no column in ks.t (columns: k, ts, other, v)", e.getMessage());
    assertEquals("nothing is prepared", null, cql.get());
  }

  @Test
  public void aMissingPrimaryKeyFieldIsNamed() {
    TableMetadata meta = table("ks", "t", 2, "pk", DataTypes.TEXT, "ck", DataTypes.INT, "v", DataTypes.TEXT);
    Schema schema = Schema.builder().addStringField("pk").addStringField("v").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("ks.t", schema, NO_KEYSPACE).open(lease(meta)));
    assertEquals("withRows: the schema has no field for primary-key column 'ck' of ks.t", e.getMessage());
  }

  /** ks.t: pk text (partition key), ck int (clustering), s text static, v text. */
  private static TableMetadata staticTable() {
    TableMetadata meta = table("ks", "t", 2, "pk", DataTypes.TEXT, "ck", DataTypes.INT, "s", DataTypes.TEXT,
        "v", DataTypes.TEXT);
    ColumnMetadata pk = meta.getColumns().get(CqlIdentifier.fromInternal("pk"));
    when(meta.getPartitionKey()).thenReturn(List.of(pk));
    when(meta.getColumns().get(CqlIdentifier.fromInternal("s")).isStatic()).thenReturn(true);
    return meta;
  }

  @Test
  public void thePartitionKeyAndStaticColumnsAloneNeedNoClusteringColumn() {
    // Cassandra takes INSERT INTO t (pk, s): a partition's static values without a row.
    AtomicReference<String> cql = new AtomicReference<>();
    Schema schema = Schema.builder().addStringField("pk").addStringField("s").build();
    forRows("ks.t", schema, NO_KEYSPACE).open(lease(staticTable(), cql));
    assertEquals("INSERT INTO ks.t (pk,s) VALUES (?,?)", cql.get());
  }

  @Test
  public void aRegularColumnOrNoStaticColumnStillNeedsTheClusteringColumns() {
    for (Schema schema : List.of(Schema.builder().addStringField("pk").addStringField("s").addStringField("v").build(),
        Schema.builder().addStringField("pk").build())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> forRows("ks.t", schema, NO_KEYSPACE).open(lease(staticTable())));
      assertEquals("withRows: the schema has no field for primary-key column 'ck' of ks.t", e.getMessage());
    }
  }

  @Test
  public void aFieldOfTheWrongTypeNamesFieldColumnAndTypes() {
    Schema schema = Schema.builder().addStringField("k").addInt64Field("v").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("ks.t", schema, NO_KEYSPACE).open(lease(kvTable())));
    assertTrue(e.getMessage(), e.getMessage().startsWith("Row field 'v' (column ks.t.v) has Beam type INT64 "
        + "but the column is int"));
  }

  @Test
  public void twoFieldsNamingOneColumnAreRefused() {
    Schema schema = Schema.builder().addStringField("k").addInt32Field("v").addInt32Field("V").build();
    AtomicReference<String> cql = new AtomicReference<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> forRows("ks.t", schema, NO_KEYSPACE).open(lease(kvTable(), cql)));
    assertEquals("withRows: the fields 'v' and 'V' both name column 'v' of ks.t", e.getMessage());
    assertEquals(null, cql.get());
  }

  // --- the statements made ---

  @Test
  public void eachRowIsBoundConvertedInSchemaOrderWithNullsAsNull() {
    StatementMaker<Row> maker = forRows("ks.t", SCHEMA, NO_KEYSPACE)
        .open(lease(kvTable(), new AtomicReference<>(), text("k"), integer("v"), FakeStatements.Var.timestamp("ts")));
    DateTime ts = new DateTime(1_700_000_000_123L, DateTimeZone.UTC);
    BoundStatement s = maker.make(Row.withSchema(SCHEMA).addValues("key", 7, ts).build());
    assertEquals("key", s.getString(0));
    assertEquals(7, s.getInt(1));
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), s.getInstant(2));

    BoundStatement withNull = maker.make(Row.withSchema(SCHEMA).addValues("key2", null, ts).build());
    assertTrue("a null field is bound as null (the finisher decides whether it stays)", withNull.isSet(1));
    assertTrue(withNull.isNull(1));
  }

  @Test
  public void theStatementIsPreparedOncePerOpen() {
    SessionLease lease = lease(kvTable(), new AtomicReference<>(), text("k"), integer("v"),
        FakeStatements.Var.timestamp("ts"));
    StatementMaker<Row> maker = forRows("ks.t", SCHEMA, NO_KEYSPACE).open(lease);
    DateTime ts = new DateTime(0L, DateTimeZone.UTC);
    for (int i = 0; i < 3; i++) {
      maker.make(Row.withSchema(SCHEMA).addValues("k" + i, i, ts).build());
    }
    verify(lease.session(), times(1)).prepare(anyString());
    verify(lease.session(), never()).execute(anyString());
  }
}
