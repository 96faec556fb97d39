package io.cassandraio.internal.schema;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.Test;

/**
 * Every (Beam type, CQL type) pair the converter accepts, and the message when a pair does not
 * fit. Each converted value is also encoded with the driver's codec for the column, as the row
 * path binds it: a value of the wrong Java class would fail there.
 */
public class WriteConvertersTest {
  private static final FieldPath PATH = FieldPath.column("f", "ks", "t", "c");
  private static final String WHAT = "Row field 'f' (column ks.t.c)";

  /** Converts {@code value} for (field, column), checks the codec takes it, returns it. */
  private static Object convert(FieldType field, DataType column, Object value) {
    Object converted = WriteConverters.forField(PATH, field, column).apply(value);
    TypeCodec<Object> codec = CodecRegistry.DEFAULT.codecFor(column);
    try {
      codec.encode(converted, ProtocolVersion.DEFAULT);
    } catch (ClassCastException e) {
      fail(field + " -> " + CqlTypeNames.of(column) + " gave a " + converted.getClass() + " the codec refuses: " + e);
    }
    return converted;
  }

  private static void assertSame(FieldType field, DataType column, Object value) {
    assertEquals(field + " -> " + CqlTypeNames.of(column), value, convert(field, column, value));
  }

  private static IllegalArgumentException mismatch(FieldType field, DataType column) {
    return assertThrows(field + " -> " + CqlTypeNames.of(column) + " must not fit", IllegalArgumentException.class,
        () -> WriteConverters.forField(PATH, field, column));
  }

  @Test
  public void stringsGoIntoTextAndAsciiAsTheyAre() {
    assertSame(FieldType.STRING, DataTypes.TEXT, "héllo");
    assertSame(FieldType.STRING, DataTypes.ASCII, "hello");
  }

  @Test
  public void stringsGoIntoUuidAndTimeuuidColumnsParsed() {
    String random = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assertEquals(UUID.fromString(random), convert(FieldType.STRING, DataTypes.UUID, random));
    String timeBased = "d2177dd0-eaa2-11de-a572-001b779c76e3";
    assertEquals(UUID.fromString(timeBased), convert(FieldType.STRING, DataTypes.TIMEUUID, timeBased));
    assertThrows(IllegalArgumentException.class,
        () -> WriteConverters.forField(PATH, FieldType.STRING, DataTypes.UUID).apply("not a uuid"));
  }

  @Test
  public void int64GoesIntoBigintCounterAndTimestamp() {
    assertSame(FieldType.INT64, DataTypes.BIGINT, Long.MAX_VALUE);
    assertSame(FieldType.INT64, DataTypes.COUNTER, -3L);
    assertEquals("epoch millis", Instant.ofEpochMilli(1_700_000_000_123L),
        convert(FieldType.INT64, DataTypes.TIMESTAMP, 1_700_000_000_123L));
  }

  @Test
  public void numbersGoIntoTheirOwnTypeOnly() {
    assertSame(FieldType.INT32, DataTypes.INT, Integer.MIN_VALUE);
    assertSame(FieldType.INT16, DataTypes.SMALLINT, (short) -7);
    assertSame(FieldType.BYTE, DataTypes.TINYINT, (byte) 127);
    assertSame(FieldType.DOUBLE, DataTypes.DOUBLE, 2.5d);
    assertSame(FieldType.FLOAT, DataTypes.FLOAT, 1.25f);
    assertSame(FieldType.DECIMAL, DataTypes.DECIMAL, new BigDecimal("12345.678901234567890"));
    assertSame(FieldType.BOOLEAN, DataTypes.BOOLEAN, true);
  }

  @Test
  public void datetimeGoesIntoTimestampAsAnInstant() {
    DateTime joda = new DateTime(2024, 2, 29, 23, 59, 58, 999, DateTimeZone.forOffsetHours(5));
    assertEquals(Instant.ofEpochMilli(joda.getMillis()), convert(FieldType.DATETIME, DataTypes.TIMESTAMP, joda));
    assertEquals(Instant.ofEpochMilli(0), convert(FieldType.DATETIME, DataTypes.TIMESTAMP, new org.joda.time.Instant(0)));
  }

  @Test
  public void bytesGoIntoBlobWrapped() {
    byte[] bytes = {1, 2, 3};
    ByteBuffer blob = (ByteBuffer) convert(FieldType.BYTES, DataTypes.BLOB, bytes);
    byte[] back = new byte[blob.remaining()];
    blob.duplicate().get(back);
    assertArrayEquals(bytes, back);
  }

  @Test
  public void otherLogicalTypesGoAsTheirBaseType() {
    // The row path hands over Row.getValue(...): the logical type's input value.
    FieldType fixed = FieldType.logicalType(FixedBytes.of(2));
    ByteBuffer blob = (ByteBuffer) convert(fixed, DataTypes.BLOB, new byte[] {4, 5});
    assertEquals(ByteBuffer.wrap(new byte[] {4, 5}), blob);
    EnumerationType colors = EnumerationType.create("RED", "GREEN");
    assertEquals(1, convert(FieldType.logicalType(colors), DataTypes.INT, colors.valueOf("GREEN")));
  }

  /** Beam gives a POJO's Java enum field an EnumerationType; the driver's mapper writes one by name. */
  @Test
  public void enumerationsGoIntoTextAndAsciiByName() {
    EnumerationType colors = EnumerationType.create("RED", "GRÜN");
    FieldType field = FieldType.logicalType(colors);
    assertEquals("RED", convert(field, DataTypes.TEXT, colors.valueOf("RED")));
    assertEquals("GRÜN", convert(field, DataTypes.TEXT, colors.valueOf("GRÜN")));
    assertEquals("RED", convert(field, DataTypes.ASCII, colors.valueOf("RED")));
    assertEquals(WHAT + ": 'GRÜN' has a non-ASCII character at index 2 ('Ü'); an ascii column takes characters 0-127 "
        + "only (use text for Unicode)", assertThrows(IllegalArgumentException.class,
            () -> convert(field, DataTypes.ASCII, colors.valueOf("GRÜN"))).getMessage());
    assertEquals(List.of("GRÜN", "RED"), convert(FieldType.array(field), DataTypes.listOf(DataTypes.TEXT),
        List.of(colors.valueOf("GRÜN"), colors.valueOf("RED"))));
    mismatch(field, DataTypes.UUID);
  }

  /** What Beam 2.62 infers for a POJO field of type LocalDate, Instant, UUID or BigInteger. */
  @Test
  public void anEmptyRowIsRefusedEvenByAUdtAndTheMessageSaysWhereItComesFrom() {
    FieldType empty = FieldType.row(Schema.builder().build());
    String hint = "; an empty ROW is what Beam infers for a POJO, JavaBean or AutoValue field of a class it has no "
        + "schema for (java.time types, UUID, BigInteger): give that field a type Beam knows (e.g. org.joda.time.Instant, "
        + "String) or build Rows of CassandraIO.schemaOf(...)";
    assertTrue(mismatch(empty, DataTypes.DATE).getMessage().startsWith(WHAT + " has Beam type ROW() but the column is "
        + "date, which takes a Beam LOGICAL_TYPE<beam:logical_type:date:v1>"));
    assertTrue(mismatch(empty, DataTypes.DATE).getMessage().endsWith(hint));
    UserDefinedType udt = new UserDefinedTypeBuilder("ks", "when").withField("day", DataTypes.DATE).build();
    assertEquals(WHAT + " has Beam type ROW() but the column is frozen<ks.when>, which takes a Beam ROW with fields "
        + "named as those of UDT ks.when (day)" + hint, mismatch(empty, udt.copy(true)).getMessage());
    assertEquals("no hint for other types", WHAT + " has Beam type INT32 but the column is date, which takes a Beam "
        + "LOGICAL_TYPE<beam:logical_type:date:v1> (SqlTypes.DATE, LocalDate), INT32 (days since 1970-01-01), STRING "
        + "(ISO yyyy-MM-dd) or DATETIME (midnight UTC only)", mismatch(FieldType.INT64, DataTypes.DATE).getMessage()
            .replace("INT64", "INT32"));
  }

  @Test
  public void arraysAndIterablesGoIntoListsWithEachElementConverted() {
    FieldType uuids = FieldType.array(FieldType.STRING);
    String a = "0f8fad5b-d9cb-469f-a165-70867728950e";
    String b = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    assertEquals(List.of(UUID.fromString(a), UUID.fromString(b), UUID.fromString(a)),
        convert(uuids, DataTypes.listOf(DataTypes.UUID), List.of(a, b, a)));
    FieldType times = FieldType.iterable(FieldType.INT64);
    assertEquals(List.of(Instant.ofEpochMilli(1), Instant.ofEpochMilli(2)),
        convert(times, DataTypes.frozenListOf(DataTypes.TIMESTAMP), new LinkedHashSet<>(List.of(1L, 2L))));
  }

  @Test
  public void aNullListElementIsAnErrorNamingTheField() {
    List<String> withNull = new ArrayList<>(Arrays.asList("x", null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriteConverters.forField(PATH,
        FieldType.array(FieldType.STRING.withNullable(true)), DataTypes.listOf(DataTypes.TEXT)).apply(withNull));
    assertEquals(WHAT + ": element 1 is null; Cassandra collections cannot hold null", e.getMessage());
  }

  @Test
  public void arraysGoIntoSetsInTheirOrderWithoutDuplicates() {
    Object converted = convert(FieldType.array(FieldType.INT32), DataTypes.setOf(DataTypes.INT), List.of(3, 1, 3, 2));
    assertTrue(converted instanceof Set);
    assertEquals(List.of(3, 1, 2), new ArrayList<>((Set<?>) converted));
  }

  @Test
  public void mapsGoIntoMapsWithKeysAndValuesConverted() {
    Map<String, Long> in = new LinkedHashMap<>();
    in.put("0f8fad5b-d9cb-469f-a165-70867728950e", 5L);
    in.put("7c9e6679-7425-40de-944b-e07fc1f90ae7", 6L);
    Object converted = convert(FieldType.map(FieldType.STRING, FieldType.INT64),
        DataTypes.mapOf(DataTypes.UUID, DataTypes.TIMESTAMP), in);
    Map<UUID, Instant> expected = new LinkedHashMap<>();
    expected.put(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), Instant.ofEpochMilli(5));
    expected.put(UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Instant.ofEpochMilli(6));
    assertEquals(expected, converted);
  }

  @Test
  public void aNullMapValueIsAnErrorNamingTheField() {
    Map<String, Integer> in = new LinkedHashMap<>();
    in.put("a", null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriteConverters.forField(PATH,
        FieldType.map(FieldType.STRING, FieldType.INT32.withNullable(true)),
        DataTypes.mapOf(DataTypes.TEXT, DataTypes.INT)).apply(in));
    assertEquals(WHAT + ": the entry a=null holds a null; Cassandra maps cannot hold null keys or values", e.getMessage());
  }

  private static final UserDefinedType ADDRESS = new UserDefinedTypeBuilder("ks", "address")
      .withField("street", DataTypes.TEXT)
      .withField("zip", DataTypes.INT)
      .withField("since", DataTypes.TIMESTAMP)
      .withField("tags", DataTypes.listOf(DataTypes.TEXT))
      .build();

  @Test
  public void rowsGoIntoUdtsFieldByFieldAndNullsAreNull() {
    Schema address = Schema.builder()
        .addStringField("street")
        .addNullableField("zip", FieldType.INT32)
        .addDateTimeField("since")
        .addArrayField("tags", FieldType.STRING)
        .build();
    Row row = Row.withSchema(address)
        .addValues("Main St", null, new DateTime(86_400_000L, DateTimeZone.UTC), List.of("a", "b")).build();
    UdtValue value = (UdtValue) convert(FieldType.row(address), ADDRESS, row);
    assertEquals("Main St", value.getString("street"));
    assertTrue(value.isNull("zip"));
    assertEquals(Instant.ofEpochMilli(86_400_000L), value.getInstant("since"));
    assertEquals(List.of("a", "b"), value.getList("tags", String.class));
  }

  @Test
  public void aRowMayLeaveUdtFieldsOut() {
    Schema partial = Schema.builder().addStringField("street").build();
    UdtValue value = (UdtValue) convert(FieldType.row(partial), ADDRESS,
        Row.withSchema(partial).addValue("Side St").build());
    assertEquals("Side St", value.getString("street"));
    assertNull(value.getBytesUnsafe("zip"));
  }

  @Test
  public void aRowFieldThatIsNotInTheUdtIsNamed() {
    Schema extra = Schema.builder().addStringField("street").addInt32Field("floor").build();
    IllegalArgumentException e = mismatch(FieldType.row(extra), ADDRESS);
    assertEquals(WHAT + " has a field 'floor' that is not a field of UDT ks.address (its fields: street, zip, since, tags)",
        e.getMessage());
  }

  @Test
  public void aUdtFieldOfTheWrongTypeIsNamedWithItsPath() {
    Schema wrong = Schema.builder().addInt64Field("zip").build();
    IllegalArgumentException e = mismatch(FieldType.row(wrong), ADDRESS);
    assertEquals("Row field 'f.zip' (field zip of UDT ks.address inside column ks.t.c) has Beam type INT64 but the UDT "
        + "field is int, which takes a Beam INT32", e.getMessage());
  }

  @Test
  public void aMismatchNamesTheFieldTheColumnAndBothTypes() {
    IllegalArgumentException e = mismatch(FieldType.INT32, DataTypes.BIGINT);
    assertEquals(WHAT + " has Beam type INT32 but the column is bigint, which takes a Beam INT64", e.getMessage());
  }

  @Test
  public void pairsThatDoNotFitAreRefused() {
    Object[][] refused = {
        {FieldType.STRING, DataTypes.INT},
        {FieldType.STRING, DataTypes.BLOB},
        {FieldType.INT32, DataTypes.BIGINT},
        {FieldType.INT32, DataTypes.SMALLINT},
        {FieldType.INT64, DataTypes.INT},
        {FieldType.INT64, DataTypes.DATE},
        {FieldType.INT16, DataTypes.INT},
        {FieldType.BYTE, DataTypes.SMALLINT},
        {FieldType.DOUBLE, DataTypes.FLOAT},
        {FieldType.FLOAT, DataTypes.DOUBLE},
        {FieldType.DECIMAL, DataTypes.DOUBLE},
        {FieldType.BOOLEAN, DataTypes.TINYINT},
        {FieldType.DATETIME, DataTypes.BIGINT},
        {FieldType.BYTES, DataTypes.TEXT},
        {FieldType.STRING, DataTypes.listOf(DataTypes.TEXT)},
        {FieldType.array(FieldType.STRING), DataTypes.TEXT},
        {FieldType.array(FieldType.STRING), DataTypes.mapOf(DataTypes.TEXT, DataTypes.TEXT)},
        {FieldType.map(FieldType.STRING, FieldType.STRING), DataTypes.listOf(DataTypes.TEXT)},
        {FieldType.row(Schema.builder().addStringField("street").build()), DataTypes.TEXT},
        {FieldType.STRING, ADDRESS},
        {FieldType.STRING, DataTypes.tupleOf(DataTypes.TEXT)},
        {FieldType.DOUBLE, DataTypes.VARINT},
        {FieldType.STRING, DataTypes.TIMESTAMP},
        {FieldType.logicalType(SqlTypes.DATETIME), DataTypes.TIMESTAMP},
        {FieldType.logicalType(SqlTypes.DATE), DataTypes.BIGINT},
        {FieldType.logicalType(SqlTypes.TIME), DataTypes.BIGINT},
        {FieldType.logicalType(new UuidLogicalType()), DataTypes.TEXT},
        {FieldType.BYTES, DataTypes.UUID},
        {FieldType.logicalType(new NanosDuration()), DataTypes.BIGINT},
        {FieldType.INT32, DataTypes.vectorOf(DataTypes.FLOAT, 3)},
    };
    for (Object[] pair : refused) {
      FieldType field = (FieldType) pair[0];
      DataType column = (DataType) pair[1];
      IllegalArgumentException e = mismatch(field, column);
      assertTrue(e.getMessage(), e.getMessage().startsWith(WHAT));
      assertTrue(e.getMessage(), e.getMessage().contains(" has Beam type " + BeamTypeNames.of(field) + " but the column is "
          + CqlTypeNames.of(column) + ", which takes a Beam "));
    }
  }

  @Test
  public void aLocalDateTimeIntoATimestampSaysWhyItIsRefused() {
    IllegalArgumentException e = mismatch(FieldType.logicalType(SqlTypes.DATETIME), DataTypes.TIMESTAMP);
    assertTrue(e.getMessage(), e.getMessage().endsWith("; a SqlTypes.DATETIME (LocalDateTime) has no time zone, so it "
        + "is no instant: convert it in your pipeline (e.g. value.toInstant(ZoneOffset.UTC) into a SqlTypes.TIMESTAMP "
        + "field)"));
    assertTrue(e.getMessage(), e.getMessage().contains("LOGICAL_TYPE<beam:logical_type:datetime:v1>"));
    // Other mismatches carry no such hint.
    IllegalArgumentException other = mismatch(FieldType.logicalType(SqlTypes.DATETIME), DataTypes.BIGINT);
    assertTrue(other.getMessage(), !other.getMessage().contains("time zone"));
  }

  @Test
  public void aMismatchInsideACollectionNamesTheElementKeyOrValue() {
    IllegalArgumentException element = mismatch(FieldType.array(FieldType.INT32), DataTypes.listOf(DataTypes.TEXT));
    assertEquals("Row field 'f[element]' (column ks.t.c) has Beam type INT32 but the element type is text, which takes "
        + "a Beam STRING", element.getMessage());
    IllegalArgumentException key = mismatch(FieldType.map(FieldType.INT32, FieldType.STRING),
        DataTypes.mapOf(DataTypes.TEXT, DataTypes.TEXT));
    assertTrue(key.getMessage(), key.getMessage().startsWith("Row field 'f[key]' (column ks.t.c) has Beam type INT32 "
        + "but the key type is text"));
    IllegalArgumentException value = mismatch(FieldType.map(FieldType.STRING, FieldType.STRING),
        DataTypes.mapOf(DataTypes.TEXT, DataTypes.INT));
    assertTrue(value.getMessage(), value.getMessage().startsWith("Row field 'f[value]' (column ks.t.c) has Beam type "
        + "STRING but the value type is int"));
  }

  @Test
  public void aMismatchedLogicalTypeIsRefused() {
    IllegalArgumentException e = mismatch(FieldType.logicalType(FixedBytes.of(2)), DataTypes.TEXT);
    assertEquals(WHAT + " has Beam type LOGICAL_TYPE<beam:logical_type:fixed_bytes:v1> but the column is text, which "
        + "takes a Beam STRING", e.getMessage());
  }

  // Logical types below the top level: Row.getValue gives the elements of a collection and the
  // fields of a nested row as the logical type's input values (e.g. the EnumerationType a
  // schema-inferred POJO gets for a Java enum); they are converted at every depth.
  @Test
  public void logicalTypeElementsOfACollection() {
    EnumerationType colors = EnumerationType.create("RED", "GREEN");
    FieldType field = FieldType.array(FieldType.logicalType(colors));
    Schema schema = Schema.builder().addField("f", field).build();
    Row row = Row.withSchema(schema).addValue(List.of(colors.valueOf("GREEN"))).build();
    Object asHanded = row.getValue(0);
    assertEquals(List.of(1), convert(field, DataTypes.listOf(DataTypes.INT), asHanded));
  }

  @Test
  public void logicalTypeFieldsOfANestedRow() {
    EnumerationType colors = EnumerationType.create("RED", "GREEN");
    UserDefinedType paint = new UserDefinedTypeBuilder("ks", "paint").withField("color", DataTypes.INT).build();
    Schema nested = Schema.builder().addLogicalTypeField("color", colors).build();
    Row value = Row.withSchema(nested).addValue(colors.valueOf("GREEN")).build();
    UdtValue udt = (UdtValue) convert(FieldType.row(nested), paint, value);
    assertEquals(1, udt.getInt("color"));
  }
}
