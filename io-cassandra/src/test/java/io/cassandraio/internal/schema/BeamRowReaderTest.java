package io.cassandraio.internal.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.cassandraio.schema.InetAddressType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;

/** The schema of a table's columns (names, order, nullability) and driver rows read into it. */
public class BeamRowReaderTest {
  /** ks.t: the first {@code partitionKeys + clustering} columns are the primary key. */
  static TableMetadata table(int keys, Object... nameAndType) {
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
    when(meta.getKeyspace()).thenReturn(CqlIdentifier.fromInternal("ks"));
    when(meta.getName()).thenReturn(CqlIdentifier.fromInternal("t"));
    when(meta.getColumns()).thenReturn(columns);
    when(meta.getPrimaryKey()).thenReturn(primaryKey);
    when(meta.getColumn(any(CqlIdentifier.class)))
        .thenAnswer(inv -> Optional.ofNullable(columns.get(inv.<CqlIdentifier>getArgument(0))));
    return meta;
  }

  private static final TableMetadata TABLE = table(2,
      "day", DataTypes.DATE, "seq", DataTypes.VARINT, "at", DataTypes.TIMESTAMP, "ip", DataTypes.INET,
      "tags", DataTypes.listOf(DataTypes.TEXT), "raw", DataTypes.BLOB);

  /** A driver row of TABLE's columns holding {@code values}, encoded by the driver's codecs. */
  private static com.datastax.oss.driver.api.core.cql.Row driverRow(Object... values) {
    List<DataType> types = TABLE.getColumns().values().stream().map(ColumnMetadata::getType).toList();
    com.datastax.oss.driver.api.core.cql.Row row = mock(com.datastax.oss.driver.api.core.cql.Row.class);
    when(row.codecRegistry()).thenReturn(CodecRegistry.DEFAULT);
    when(row.protocolVersion()).thenReturn(ProtocolVersion.DEFAULT);
    when(row.getType(anyInt())).thenAnswer(inv -> types.get(inv.<Integer>getArgument(0)));
    when(row.getBytesUnsafe(anyInt())).thenAnswer(inv -> {
      int i = inv.<Integer>getArgument(0);
      return values[i] == null ? null
          : CodecRegistry.DEFAULT.codecFor(types.get(i)).encode(values[i], ProtocolVersion.DEFAULT);
    });
    return row;
  }

  @Test
  public void allColumnsInTableOrderWithTheKeyNotNull() {
    BeamRowReader reader = BeamRowReader.of(TABLE, List.of());
    Schema expected = Schema.builder()
        .addField("day", FieldType.logicalType(SqlTypes.DATE))
        .addField("seq", FieldType.DECIMAL)
        .addNullableField("at", FieldType.DATETIME)
        .addNullableField("ip", InetAddressType.fieldType())
        .addNullableField("tags", FieldType.array(FieldType.STRING))
        .addNullableField("raw", FieldType.BYTES)
        .build();
    assertEquals(expected, reader.schema());
    assertEquals(List.of("day", "seq", "at", "ip", "tags", "raw"),
        reader.columns().stream().map(CqlIdentifier::asInternal).toList());
  }

  @Test
  public void inATableWithAStaticColumnTheClusteringColumnsAreNullable() {
    // A partition with only static values reads as a row whose clustering columns are null.
    TableMetadata meta = table(2, "pk", DataTypes.TEXT, "ck", DataTypes.INT, "s", DataTypes.TEXT);
    ColumnMetadata pk = meta.getColumns().get(CqlIdentifier.fromInternal("pk"));
    when(meta.getPartitionKey()).thenReturn(List.of(pk));
    when(meta.getColumns().get(CqlIdentifier.fromInternal("s")).isStatic()).thenReturn(true);
    Schema schema = BeamRowReader.of(meta, List.of()).schema();
    assertEquals(Schema.builder().addStringField("pk").addNullableField("ck", FieldType.INT32)
        .addNullableField("s", FieldType.STRING).build(), schema);
  }

  @Test
  public void aProjectionIsInItsOwnOrder() {
    BeamRowReader reader = BeamRowReader.of(TABLE, List.of("ip", "day"));
    assertEquals(List.of("ip", "day"), reader.schema().getFieldNames());
    assertEquals(List.of(CqlIdentifier.fromInternal("ip"), CqlIdentifier.fromInternal("day")), reader.columns());
  }

  @Test
  public void driverRowsBecomeBeamRowsThatBeamWouldBuildTheSame() throws Exception {
    BeamRowReader reader = BeamRowReader.of(TABLE, List.of());
    InetAddress ip = InetAddress.getByName("::1");
    Row row = reader.read(driverRow(LocalDate.of(2024, 1, 2), BigInteger.TEN.pow(30), Instant.ofEpochMilli(5), ip,
        new ArrayList<>(List.of("a", "b")), ByteBuffer.wrap(new byte[] {1})));
    Row built = Row.withSchema(reader.schema()).addValues(LocalDate.of(2024, 1, 2), new BigDecimal(BigInteger.TEN.pow(30)),
        new org.joda.time.Instant(5), ip, List.of("a", "b"), new byte[] {1}).build();
    assertEquals(built, row);
    Row nulls = reader.read(driverRow(LocalDate.of(2024, 1, 2), BigInteger.ONE, null, null, null, null));
    assertEquals(Arrays.asList(LocalDate.of(2024, 1, 2), BigDecimal.ONE, null, null, null, null), nulls.getValues());
  }

  @Test
  public void anUnknownColumnIsNamedWithTheTablesColumns() {
    assertEquals("table ks.t has no column 'nope'; its columns: day, seq, at, ip, tags, raw",
        assertThrows(IllegalArgumentException.class, () -> BeamRowReader.of(TABLE, List.of("day", "nope"))).getMessage());
  }

  @Test
  public void aColumnWithoutABeamTypeIsNamed() {
    TableMetadata odd = table(1, "k", DataTypes.INT, "c", DataTypes.custom("org.example.Odd"));
    assertEquals("column ks.t.c has CQL type 'org.example.Odd', which has no Beam type (see \"Beam schemas and CQL "
        + "types\" in CassandraIO's README)",
        assertThrows(IllegalArgumentException.class, () -> BeamRowReader.of(odd, List.of())).getMessage());
  }
}
