package io.cassandraio.internal.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;

/**
 * Collections, tuples, UDTs (nested) and vectors both ways: the Beam type reading produces, what
 * writing takes, values through the driver's codecs and back, and the messages with field paths.
 */
public class ContainerTypesTest {
  private static final FieldPath PATH = FieldPath.column("f", "ks", "t", "c");
  private static final FieldType DATE = FieldType.logicalType(SqlTypes.DATE);
  private static final FieldType UUID_TYPE = FieldType.logicalType(new UuidLogicalType());

  static final UserDefinedType GEO = new UserDefinedTypeBuilder("ks", "geo")
      .withField("lat", DataTypes.DOUBLE).withField("lon", DataTypes.DOUBLE).build();
  static final TupleType RANGE = DataTypes.tupleOf(DataTypes.INT, DataTypes.DATE);
  /** A UDT with a frozen UDT, a tuple and a collection of frozen collections inside. */
  static final UserDefinedType ADDRESS = new UserDefinedTypeBuilder("ks", "address")
      .withField("street", DataTypes.TEXT)
      .withField("geo", GEO.copy(true))
      .withField("open", RANGE)
      .withField("days", DataTypes.listOf(DataTypes.frozenSetOf(DataTypes.DATE)))
      .build();

  private static Object write(FieldType field, DataType cql, Object value) {
    return WriteConverters.forField(PATH, field, cql).apply(value);
  }

  /** Beam value -> driver value -> bytes -> driver value -> Beam value. */
  private static Object roundTrip(FieldType field, DataType cql, Object value) {
    Object driver = write(field, cql, value);
    TypeCodec<Object> codec = CodecRegistry.DEFAULT.codecFor(cql);
    Object decoded = codec.decode(codec.encode(driver, ProtocolVersion.DEFAULT), ProtocolVersion.DEFAULT);
    return ReadConverters.of(cql, "column ks.t.c").convert().apply(decoded);
  }

  private static FieldType readType(DataType cql) {
    return ReadConverters.of(cql, "column ks.t.c").type();
  }

  @Test
  public void listsAndSetsReadAsArraysOfTheirElementsReadType() {
    assertEquals(FieldType.array(DATE), readType(DataTypes.listOf(DataTypes.DATE)));
    assertEquals(FieldType.array(UUID_TYPE), readType(DataTypes.frozenSetOf(DataTypes.UUID)));
    assertEquals(FieldType.map(FieldType.STRING, FieldType.DATETIME),
        readType(DataTypes.mapOf(DataTypes.TEXT, DataTypes.TIMESTAMP)));
    assertEquals(FieldType.array(FieldType.array(FieldType.INT32)),
        readType(DataTypes.listOf(DataTypes.frozenListOf(DataTypes.INT))));
    assertEquals(FieldType.array(FieldType.FLOAT), readType(DataTypes.vectorOf(DataTypes.FLOAT, 3)));
  }

  @Test
  public void logicalTypesInsideCollectionsGoBothWays() {
    List<LocalDate> days = List.of(LocalDate.of(2024, 1, 1), LocalDate.of(1900, 12, 31));
    assertEquals(days, roundTrip(FieldType.array(DATE), DataTypes.listOf(DataTypes.DATE), days));
    assertEquals(days, roundTrip(FieldType.iterable(DATE), DataTypes.frozenListOf(DataTypes.DATE), days));
    UUID a = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    Map<UUID, List<LocalDate>> map = new LinkedHashMap<>();
    map.put(a, days);
    assertEquals(map, roundTrip(FieldType.map(UUID_TYPE, FieldType.array(DATE)),
        DataTypes.mapOf(DataTypes.UUID, DataTypes.frozenListOf(DataTypes.DATE)), map));
  }

  @Test
  public void setsDropDuplicatesAndReadInCassandrasOrder() {
    Object driver = write(FieldType.array(FieldType.INT32), DataTypes.setOf(DataTypes.INT), List.of(3, 1, 3, 2));
    assertTrue(driver instanceof Set);
    assertEquals(List.of(3, 1, 2), new ArrayList<>((Set<?>) driver));
    // The codec keeps the order it is given; Cassandra sorts a set: read() gives what the driver reads.
    assertEquals(List.of(1, 2), ReadConverters.of(DataTypes.setOf(DataTypes.INT), "c").convert()
        .apply(new LinkedHashSet<>(List.of(1, 2))));
  }

  @Test
  public void frozenCollectionsInsideCollections() {
    DataType cql = DataTypes.listOf(DataTypes.frozenSetOf(DataTypes.DATE));
    List<List<LocalDate>> value = List.of(List.of(LocalDate.of(2020, 1, 1)), List.of());
    assertEquals(value, roundTrip(FieldType.array(FieldType.array(DATE)), cql, value));
  }

  @Test
  public void tuplesReadAsRowsOfF0F1AndTakeRowsByPositionOrArrays() {
    Schema read = ((FieldType) readType(RANGE)).getRowSchema();
    assertEquals(Schema.builder().addNullableField("f0", FieldType.INT32).addNullableField("f1", DATE).build(), read);
    Schema byPosition = Schema.builder().addInt32Field("from").addNullableField("until", DATE).build();
    Row value = Row.withSchema(byPosition).addValues(5, LocalDate.of(2030, 1, 1)).build();
    assertEquals(Row.withSchema(read).addValues(5, LocalDate.of(2030, 1, 1)).build(),
        roundTrip(FieldType.row(byPosition), RANGE, value));
    Row withNull = Row.withSchema(byPosition).addValues(5, null).build();
    assertEquals(Row.withSchema(read).addValues(5, null).build(), roundTrip(FieldType.row(byPosition), RANGE, withNull));
    TupleType strings = DataTypes.tupleOf(DataTypes.TEXT, DataTypes.UUID);
    String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    TupleValue fromArray = (TupleValue) write(FieldType.array(FieldType.STRING), strings, List.of("x", id));
    assertEquals("x", fromArray.getString(0));
    assertEquals(UUID.fromString(id), fromArray.getUuid(1));
  }

  @Test
  public void tupleMismatchesNameTheComponent() {
    Schema three = Schema.builder().addInt32Field("a").addInt32Field("b").addInt32Field("c").build();
    assertEquals("Row field 'f' (column ks.t.c) has Beam type ROW(a INT32, b INT32, c INT32) with 3 fields but the column "
        + "is frozen<tuple<int, date>> with 2 components; a ROW goes into a tuple field by field, by position",
        assertThrows(IllegalArgumentException.class, () -> write(FieldType.row(three), RANGE, null)).getMessage());
    Schema wrong = Schema.builder().addInt32Field("from").addInt64Field("until").build();
    assertEquals("Row field 'f.until' (component 1 of the tuple inside column ks.t.c) has Beam type INT64 but the tuple "
        + "component is date, which takes a Beam LOGICAL_TYPE<beam:logical_type:date:v1> (SqlTypes.DATE, LocalDate), "
        + "INT32 (days since 1970-01-01), STRING (ISO yyyy-MM-dd) or DATETIME (midnight UTC only)",
        assertThrows(IllegalArgumentException.class, () -> write(FieldType.row(wrong), RANGE, null)).getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> write(FieldType.array(FieldType.STRING), DataTypes.tupleOf(DataTypes.TEXT, DataTypes.TEXT), List.of("x")));
    assertEquals("Row field 'f' (column ks.t.c): has 1 elements, but a frozen<tuple<text, text>> takes exactly 2", size.getMessage());
  }

  @Test
  public void nestedUdtsReadAsRowsWithEveryFieldNullable() {
    Schema geo = Schema.builder().addNullableField("lat", FieldType.DOUBLE).addNullableField("lon", FieldType.DOUBLE).build();
    Schema range = Schema.builder().addNullableField("f0", FieldType.INT32).addNullableField("f1", DATE).build();
    Schema address = Schema.builder()
        .addNullableField("street", FieldType.STRING)
        .addNullableField("geo", FieldType.row(geo))
        .addNullableField("open", FieldType.row(range))
        .addNullableField("days", FieldType.array(FieldType.array(DATE)))
        .build();
    assertEquals(FieldType.row(address), readType(ADDRESS));
    Row value = Row.withSchema(address).addValues("Main St", Row.withSchema(geo).addValues(1.5, -0.0).build(),
        Row.withSchema(range).addValues(1, LocalDate.of(2000, 1, 1)).build(),
        List.of(List.of(LocalDate.of(2001, 1, 1)))).build();
    assertEquals(value, roundTrip(FieldType.row(address), ADDRESS, value));
    Row sparse = Row.withSchema(address).addValues(null, null, null, null).build();
    Row back = (Row) roundTrip(FieldType.row(address), ADDRESS, sparse);
    assertEquals(null, back.getValue("street"));
    assertEquals(null, back.getValue("days"));
  }

  @Test
  public void aRowMayLeaveUdtFieldsOutAndUsesAnyCase() {
    Schema partial = Schema.builder().addStringField("Street").build();
    UdtValue value = (UdtValue) write(FieldType.row(partial), ADDRESS, Row.withSchema(partial).addValue("x").build());
    assertEquals("x", value.getString("street"));
    assertTrue(value.isNull("geo"));
  }

  @Test
  public void twoRowFieldsNamingOneUdtFieldAreRefused() {
    Schema twice = Schema.builder().addStringField("Street").addStringField("street").build();
    assertEquals("Row field 'f' (column ks.t.c) has the fields 'Street' and 'street' that both name field street of "
        + "UDT ks.address", assertThrows(IllegalArgumentException.class,
            () -> write(FieldType.row(twice), ADDRESS, null)).getMessage());
  }

  @Test
  public void aMismatchInANestedUdtNamesThePathAndTheUdts() {
    Schema geo = Schema.builder().addStringField("lat").build();
    Schema address = Schema.builder().addRowField("geo", geo).build();
    assertEquals("Row field 'f.geo.lat' (field lat of UDT ks.geo inside field geo of UDT ks.address inside column ks.t.c) "
        + "has Beam type STRING but the UDT field is double, which takes a Beam DOUBLE",
        assertThrows(IllegalArgumentException.class, () -> write(FieldType.row(address), ADDRESS, null)).getMessage());
    Schema days = Schema.builder().addArrayField("days", FieldType.array(FieldType.INT64)).build();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> write(FieldType.row(days), ADDRESS, null)).getMessage()
        .startsWith("Row field 'f.days[element][element]' (field days of UDT ks.address inside column ks.t.c) has Beam "
            + "type INT64 but the element type is date"));
  }

  @Test
  public void aBadValueInsideAUdtNamesItsPath() {
    UserDefinedType ids = new UserDefinedTypeBuilder("ks", "ids").withField("id", DataTypes.UUID).build();
    Schema s = Schema.builder().addStringField("id").build();
    assertEquals("Row field 'f.id' (field id of UDT ks.ids inside column ks.t.c): Invalid UUID string: x",
        assertThrows(IllegalArgumentException.class,
            () -> write(FieldType.row(s), ids, Row.withSchema(s).addValue("x").build())).getMessage());
  }

  @Test
  public void vectorsReadAsArraysAndTakeExactlyTheirSize() {
    DataType vector = DataTypes.vectorOf(DataTypes.FLOAT, 3);
    List<Float> values = List.of(1.5f, Float.NaN, -0.0f);
    Object driver = write(FieldType.array(FieldType.FLOAT), vector, values);
    assertEquals(CqlVector.newInstance(1.5f, Float.NaN, -0.0f), driver);
    assertEquals(values, roundTrip(FieldType.iterable(FieldType.FLOAT), vector, values));
    assertEquals("Row field 'f' (column ks.t.c): has 2 elements, but a vector<float, 3> takes exactly 3",
        assertThrows(IllegalArgumentException.class,
            () -> write(FieldType.array(FieldType.FLOAT), vector, List.of(1f, 2f))).getMessage());
    assertEquals("Row field 'f[element]' (column ks.t.c) has Beam type DOUBLE but the element type is float, which takes "
        + "a Beam FLOAT", assertThrows(IllegalArgumentException.class,
            () -> write(FieldType.array(FieldType.DOUBLE), vector, null)).getMessage());
  }

  /**
   * Driver 4.17 encodes vector elements back to back with no length prefix, which Cassandra 5 does
   * only for fixed-size types: it read a vector<varint, 2> of [1, 2] as [257, 258] on a real node.
   */
  @Test
  public void vectorsOfIntAndBigintGoBothWaysAndOtherElementTypesAreRefused() {
    DataType ints = DataTypes.vectorOf(DataTypes.INT, 2);
    assertEquals(FieldType.array(FieldType.INT32), readType(ints));
    assertEquals(List.of(7, -8), roundTrip(FieldType.array(FieldType.INT32), ints, List.of(7, -8)));
    DataType longs = DataTypes.vectorOf(DataTypes.BIGINT, 2);
    assertEquals(List.of(Long.MIN_VALUE, 1L), roundTrip(FieldType.array(FieldType.INT64), longs, List.of(Long.MIN_VALUE, 1L)));
    DataType doubles = DataTypes.vectorOf(DataTypes.DOUBLE, 1);
    assertEquals(List.of(-0.0d), roundTrip(FieldType.array(FieldType.DOUBLE), doubles, List.of(-0.0d)));
    for (DataType element : List.of(DataTypes.SMALLINT, DataTypes.TINYINT, DataTypes.VARINT, DataTypes.DECIMAL,
        DataTypes.TEXT, DataTypes.DATE, DataTypes.UUID, DataTypes.TIMESTAMP, DataTypes.BOOLEAN)) {
      DataType vector = DataTypes.vectorOf(element, 2);
      String cql = CqlTypeNames.of(vector);
      assertEquals("column ks.t.c has CQL type " + cql + ", which has no Beam type: the driver (4.17) reads vectors of "
          + "float, double, int and bigint only (it would read other element types wrong)",
          assertThrows(IllegalArgumentException.class, () -> readType(vector)).getMessage());
      FieldType beam = FieldType.array(ReadConverters.of(element, "x").type());
      assertEquals("Row field 'f' (column ks.t.c) has Beam type " + BeamTypeNames.of(beam) + " but the column is " + cql
          + ", which takes a Beam type: none (the driver (4.17) writes vectors of float, double, int and bigint only)",
          assertThrows(IllegalArgumentException.class, () -> write(beam, vector, null)).getMessage());
    }
    // inside a collection too
    assertThrows(IllegalArgumentException.class,
        () -> readType(DataTypes.listOf(DataTypes.vectorOf(DataTypes.SMALLINT, 2), true)));
  }

  @Test
  public void aTypeWithoutABeamTypeIsNamedOnRead() {
    assertEquals("column ks.t.c has CQL type 'org.apache.cassandra.db.marshal.LexicalUUIDType', which has no Beam type "
        + "(see \"Beam schemas and CQL types\" in CassandraIO's README)", assertThrows(IllegalArgumentException.class,
            () -> ReadConverters.of(DataTypes.custom("org.apache.cassandra.db.marshal.LexicalUUIDType"), "column ks.t.c"))
            .getMessage());
  }
}
