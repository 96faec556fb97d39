package io.cassandraio.internal.schema;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
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
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.Test;

/**
 * Every scalar CQL type in both directions: each Beam type a column takes, written, encoded and
 * decoded by the driver's codec for the column (as a bound value would be), and read back; and
 * each value a conversion refuses, with its message.
 */
public class ScalarTypesTest {
  private static final FieldPath PATH = FieldPath.column("f", "ks", "t", "c");
  private static final String WHAT = "Row field 'f' (column ks.t.c)";

  /** Writes {@code value} of {@code field} into {@code cql}, through the codec, and reads it back as Beam. */
  private static Object roundTrip(FieldType field, DataType cql, Object value) {
    Object driver = WriteConverters.forField(PATH, field, cql).apply(value);
    TypeCodec<Object> codec = CodecRegistry.DEFAULT.codecFor(cql);
    Object decoded = codec.decode(codec.encode(driver, ProtocolVersion.DEFAULT), ProtocolVersion.DEFAULT);
    return ReadConverters.of(cql, "column ks.t.c").convert().apply(decoded);
  }

  private static Object toDriver(FieldType field, DataType cql, Object value) {
    return WriteConverters.forField(PATH, field, cql).apply(value);
  }

  private static String refusal(FieldType field, DataType cql, Object value) {
    return assertThrows(IllegalArgumentException.class, () -> toDriver(field, cql, value)).getMessage();
  }

  @Test
  public void textAndNumbersComeBackAsTheyWent() {
    assertEquals("héllo", roundTrip(FieldType.STRING, DataTypes.TEXT, "héllo"));
    assertEquals("hello\u007f", roundTrip(FieldType.STRING, DataTypes.ASCII, "hello\u007f"));
    assertEquals(WHAT + ": 'héllo' has a non-ASCII character at index 1 ('é'); an ascii column takes characters 0-127 "
        + "only (use text for Unicode)", refusal(FieldType.STRING, DataTypes.ASCII, "héllo"));
    assertEquals(true, roundTrip(FieldType.BOOLEAN, DataTypes.BOOLEAN, true));
    assertEquals((byte) -128, roundTrip(FieldType.BYTE, DataTypes.TINYINT, (byte) -128));
    assertEquals((short) 32767, roundTrip(FieldType.INT16, DataTypes.SMALLINT, (short) 32767));
    assertEquals(Integer.MIN_VALUE, roundTrip(FieldType.INT32, DataTypes.INT, Integer.MIN_VALUE));
    assertEquals(Long.MAX_VALUE, roundTrip(FieldType.INT64, DataTypes.BIGINT, Long.MAX_VALUE));
    assertEquals(7L, roundTrip(FieldType.INT64, DataTypes.COUNTER, 7L));
    assertEquals(new BigDecimal("1.50"), roundTrip(FieldType.DECIMAL, DataTypes.DECIMAL, new BigDecimal("1.50")));
  }

  @Test
  public void nanAndNegativeZeroSurvive() {
    assertEquals(Float.NaN, roundTrip(FieldType.FLOAT, DataTypes.FLOAT, Float.NaN));
    assertEquals(-0.0f, roundTrip(FieldType.FLOAT, DataTypes.FLOAT, -0.0f));
    assertEquals(Double.NaN, roundTrip(FieldType.DOUBLE, DataTypes.DOUBLE, Double.NaN));
    assertEquals(-0.0d, roundTrip(FieldType.DOUBLE, DataTypes.DOUBLE, -0.0d));
    assertEquals(Double.NEGATIVE_INFINITY, roundTrip(FieldType.DOUBLE, DataTypes.DOUBLE, Double.NEGATIVE_INFINITY));
  }

  @Test
  public void varintReadsAsADecimalOfScaleZeroAndTakesDecimalsLongsIntsAndStrings() {
    BigInteger big = BigInteger.TWO.pow(100).negate();
    assertEquals(new BigDecimal(big), roundTrip(FieldType.DECIMAL, DataTypes.VARINT, new BigDecimal(big)));
    assertEquals(new BigDecimal(12), roundTrip(FieldType.DECIMAL, DataTypes.VARINT, new BigDecimal("12.000")));
    assertEquals(0, ((BigDecimal) roundTrip(FieldType.DECIMAL, DataTypes.VARINT, new BigDecimal("12.000"))).scale());
    assertEquals(new BigDecimal(Long.MIN_VALUE), roundTrip(FieldType.INT64, DataTypes.VARINT, Long.MIN_VALUE));
    assertEquals(new BigDecimal(-3), roundTrip(FieldType.INT32, DataTypes.VARINT, -3));
    assertEquals(new BigDecimal(big), roundTrip(FieldType.STRING, DataTypes.VARINT, big.toString()));
    assertEquals(WHAT + ": 1.5 is not an integer (a varint takes whole numbers only)",
        refusal(FieldType.DECIMAL, DataTypes.VARINT, new BigDecimal("1.5")));
    assertEquals(WHAT + ": '12a' is not an integer (a varint takes decimal digits, e.g. -123)",
        refusal(FieldType.STRING, DataTypes.VARINT, "12a"));
  }

  @Test
  public void dateReadsAsSqlDateAndTakesDaysStringsAndUtcMidnights() {
    LocalDate day = LocalDate.of(2024, 2, 29);
    FieldType sqlDate = FieldType.logicalType(SqlTypes.DATE);
    assertEquals(day, roundTrip(sqlDate, DataTypes.DATE, day));
    assertEquals(LocalDate.of(-5877641, 6, 23), roundTrip(sqlDate, DataTypes.DATE, LocalDate.of(-5877641, 6, 23)));
    assertEquals(day, roundTrip(FieldType.INT32, DataTypes.DATE, (int) day.toEpochDay()));
    assertEquals(LocalDate.of(1969, 12, 31), roundTrip(FieldType.INT32, DataTypes.DATE, -1));
    assertEquals(day, roundTrip(FieldType.STRING, DataTypes.DATE, "2024-02-29"));
    assertEquals(day, roundTrip(FieldType.DATETIME, DataTypes.DATE, new DateTime(2024, 2, 29, 0, 0, DateTimeZone.UTC)));
    assertEquals(LocalDate.of(1960, 1, 1),
        roundTrip(FieldType.DATETIME, DataTypes.DATE, new DateTime(1960, 1, 1, 0, 0, DateTimeZone.UTC)));
    assertEquals(WHAT + ": 2024-02-29T01:00:00.000Z is not midnight UTC (a DATETIME goes into a date only at "
        + "00:00 UTC; use SqlTypes.DATE for a day)", refusal(FieldType.DATETIME, DataTypes.DATE,
            new DateTime(2024, 2, 29, 1, 0, DateTimeZone.UTC)));
    assertTrue("midnight in UTC+1 is 23:00 UTC", refusal(FieldType.DATETIME, DataTypes.DATE, new DateTime(2024, 2, 29, 0, 0, DateTimeZone.forOffsetHours(1)))
        .contains("is not midnight UTC"));
    assertEquals(WHAT + ": '29.02.2024' is not a date (yyyy-MM-dd)", refusal(FieldType.STRING, DataTypes.DATE, "29.02.2024"));
  }

  @Test
  public void timeReadsAsSqlTimeAndTakesNanosOfTheDayAndStrings() {
    LocalTime time = LocalTime.of(23, 59, 59, 999_999_999);
    assertEquals(time, roundTrip(FieldType.logicalType(SqlTypes.TIME), DataTypes.TIME, time));
    assertEquals(time, roundTrip(FieldType.INT64, DataTypes.TIME, time.toNanoOfDay()));
    assertEquals(LocalTime.of(8, 30), roundTrip(FieldType.STRING, DataTypes.TIME, "08:30"));
    assertEquals(WHAT + ": 86400000000000 is not a number of nanoseconds of a day (0 to 86399999999999)",
        refusal(FieldType.INT64, DataTypes.TIME, 86_400_000_000_000L));
    assertEquals(WHAT + ": '25:00' is not a time (HH:mm:ss.fffffffff)", refusal(FieldType.STRING, DataTypes.TIME, "25:00"));
  }

  @Test
  public void timestampReadsAsDatetimeAndTakesInstantsAndMillis() {
    org.joda.time.Instant joda = new org.joda.time.Instant(1_700_000_000_123L);
    assertEquals(joda, roundTrip(FieldType.DATETIME, DataTypes.TIMESTAMP, joda));
    assertEquals(joda, roundTrip(FieldType.DATETIME, DataTypes.TIMESTAMP,
        new DateTime(1_700_000_000_123L, DateTimeZone.forOffsetHours(5))));
    Instant micros = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    assertEquals("below 1 ms truncated", joda, roundTrip(FieldType.logicalType(SqlTypes.TIMESTAMP), DataTypes.TIMESTAMP, micros));
    assertEquals(joda, roundTrip(FieldType.logicalType(new NanosInstant()), DataTypes.TIMESTAMP, micros));
    assertEquals("truncated toward the past", new org.joda.time.Instant(-1),
        roundTrip(FieldType.logicalType(SqlTypes.TIMESTAMP), DataTypes.TIMESTAMP, Instant.ofEpochSecond(0, -1)));
    assertEquals(joda, roundTrip(FieldType.INT64, DataTypes.TIMESTAMP, 1_700_000_000_123L));
  }

  @Test
  public void durationReadsAsCqlDurationAndTakesStringsAndNanosDurations() {
    CqlDuration all = CqlDuration.newInstance(14, 3, 5_000_000_007L);
    assertEquals(all, roundTrip(CqlDurationType.fieldType(), DataTypes.DURATION, all));
    assertEquals(CqlDuration.newInstance(-1, -2, -3), roundTrip(CqlDurationType.fieldType(), DataTypes.DURATION,
        CqlDuration.newInstance(-1, -2, -3)));
    assertEquals(CqlDuration.newInstance(1, 2, 3_600_000_000_000L), roundTrip(FieldType.STRING, DataTypes.DURATION, "1mo2d1h"));
    assertEquals(CqlDuration.newInstance(1, 2, 3_600_000_000_000L), roundTrip(FieldType.STRING, DataTypes.DURATION, "P1M2DT1H"));
    assertEquals(CqlDuration.newInstance(0, 0, 90_000_000_001L),
        roundTrip(FieldType.logicalType(new NanosDuration()), DataTypes.DURATION, Duration.ofSeconds(90, 1)));
    assertEquals(WHAT + ": 'soon' is not a duration (e.g. 1mo2d3h4m5s or P1M2DT3H4M5S)",
        refusal(FieldType.STRING, DataTypes.DURATION, "soon"));
  }

  @Test
  public void uuidsReadAsUuidLogicalTypeAndTakeStrings() {
    FieldType uuidType = FieldType.logicalType(new UuidLogicalType());
    UUID random = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    UUID timeBased = UUID.fromString("d2177dd0-eaa2-11de-a572-001b779c76e3");
    assertEquals(random, roundTrip(uuidType, DataTypes.UUID, random));
    assertEquals(random, roundTrip(FieldType.STRING, DataTypes.UUID, random.toString()));
    assertEquals(timeBased, roundTrip(uuidType, DataTypes.TIMEUUID, timeBased));
    assertEquals(timeBased, roundTrip(FieldType.STRING, DataTypes.TIMEUUID, timeBased.toString()));
    assertEquals(WHAT + ": Invalid UUID string: nope", refusal(FieldType.STRING, DataTypes.UUID, "nope"));
    assertEquals(WHAT + ": 0f8fad5b-d9cb-469f-a165-70867728950e is a version 4 UUID; a timeuuid takes time-based UUIDs "
        + "(version 1) only", refusal(uuidType, DataTypes.TIMEUUID, random));
  }

  @Test
  public void inetReadsAsInetAddressTypeAndTakesLiteralsAndBytes() throws Exception {
    InetAddress v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    InetAddress v6 = InetAddress.getByName("2001:db8::1");
    assertEquals(v4, roundTrip(InetAddressType.fieldType(), DataTypes.INET, v4));
    assertEquals(v6, roundTrip(InetAddressType.fieldType(), DataTypes.INET, v6));
    assertEquals(v4, roundTrip(FieldType.STRING, DataTypes.INET, "10.0.0.1"));
    assertEquals(v6, roundTrip(FieldType.STRING, DataTypes.INET, "2001:DB8:0:0:0:0:0:1"));
    assertEquals(v4, roundTrip(FieldType.BYTES, DataTypes.INET, new byte[] {10, 0, 0, 1}));
    assertEquals(v6, roundTrip(FieldType.BYTES, DataTypes.INET, v6.getAddress()));
    assertEquals(WHAT + ": 'localhost' is not an IP address literal (inet takes an IPv4 or IPv6 address such as "
        + "10.0.0.1 or ::1; host names are not looked up)", refusal(FieldType.STRING, DataTypes.INET, "localhost"));
    for (String bad : new String[] {"10.0.0.256", "10.0.0", "1", "db1.example.com", "fe80::1%eth0", "1:2:3", "::g"}) {
      assertTrue(bad, refusal(FieldType.STRING, DataTypes.INET, bad).contains("'" + bad + "' is not an IP address literal"));
    }
    assertEquals(WHAT + ": 5 bytes are no IP address (inet takes 4 bytes for IPv4 or 16 for IPv6)",
        refusal(FieldType.BYTES, DataTypes.INET, new byte[5]));
  }

  @Test
  public void inetLiteralsAreWrittenAsRfc5952Says() throws Exception {
    assertEquals("::1", InetLiterals.format(InetAddress.getByName("::1")));
    assertEquals("::", InetLiterals.format(InetAddress.getByName("::")));
    assertEquals("2001:db8::1", InetLiterals.format(InetAddress.getByName("2001:DB8:0:0:0:0:0:1")));
    assertEquals("2001:db8:0:1:1:1:1:1", InetLiterals.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
    assertEquals("2001:0:0:1::1", InetLiterals.format(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
    assertEquals("1::", InetLiterals.format(InetAddress.getByName("1:0:0:0:0:0:0:0")));
    assertEquals("10.0.0.1", InetLiterals.format(InetLiterals.parse("10.0.0.1")));
    InetAddressType type = InetAddressType.of();
    assertEquals("::1", type.toBaseType(type.toInputType("0:0:0:0:0:0:0:1")));
  }

  @Test
  public void blobReadsAsBytesAndTakesBytesFixedBytesAndVariableBytes() {
    byte[] bytes = {1, 2, 3};
    assertArrayEquals(bytes, (byte[]) roundTrip(FieldType.BYTES, DataTypes.BLOB, bytes));
    assertArrayEquals(bytes, (byte[]) roundTrip(FieldType.logicalType(FixedBytes.of(3)), DataTypes.BLOB, bytes));
    assertArrayEquals(bytes, (byte[]) roundTrip(FieldType.logicalType(VariableBytes.of(10)), DataTypes.BLOB, bytes));
    ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {9, 8, 7, 6});
    direct.flip().get();
    assertArrayEquals("only the remaining bytes", new byte[] {8, 7, 6},
        (byte[]) ReadConverters.of(DataTypes.BLOB, "c").convert().apply(direct));
  }

  @Test
  public void cqlDurationTypeStoresMonthsDaysAndNanos() {
    CqlDurationType type = CqlDurationType.of();
    CqlDuration d = CqlDuration.newInstance(1, 2, 3);
    assertEquals(java.util.List.of(1, 2, 3L), type.toBaseType(d).getValues());
    assertEquals(d, type.toInputType(type.toBaseType(d)));
    assertEquals("cassandraio:cql_duration:v1", type.getIdentifier());
    assertEquals(CqlDurationType.fieldType(), FieldType.logicalType(CqlDurationType.of()));
  }

  @Test
  public void everyScalarReadTypeIsAlsoAWriteType() {
    for (ScalarTypes.Scalar s : ScalarTypes.all()) {
      assertTrue(s.names() + " reads as " + BeamTypeNames.of(s.read()) + ", which it does not take on write",
          ScalarTypes.writeFrom(s, s.read()) != null);
    }
  }
}
