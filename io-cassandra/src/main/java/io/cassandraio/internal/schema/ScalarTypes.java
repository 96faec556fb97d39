package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.VectorType;
import io.cassandraio.schema.CqlDurationType;
import io.cassandraio.schema.InetAddressType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.LogicalType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.DateTime;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.joda.time.ReadableInstant;

/**
 * The type table for CQL's scalar types, both directions: for each CQL type the Beam type that
 * reading produces (and how the driver's value becomes that Beam value), and every Beam type that
 * writing takes (and how its value becomes the driver's Java type for the column). Collections,
 * tuples, UDTs and vectors are built from these by {@link ReadConverters} and {@link
 * WriteConverters}; {@link TypeTable} prints all of it for the README.
 *
 * <p>Write conversions take the value as {@code Row.getValue} holds it: a logical type's input
 * value (a {@code LocalDate} for {@code SqlTypes.DATE}), never its base value. They throw
 * {@link IllegalArgumentException} saying what is wrong with a value; the caller adds where it is.
 */
public final class ScalarTypes {
  /** One way into a column: a Beam type (a {@link TypeName}, or a logical type's identifier) and its conversion. */
  public record WriteFrom(FieldType beamType, String note, Function<Object, Object> toDriver) {
    boolean accepts(FieldType field) {
      if (beamType.getTypeName() == TypeName.LOGICAL_TYPE) {
        return field.getTypeName() == TypeName.LOGICAL_TYPE
            && field.getLogicalType().getIdentifier().equals(beamType.getLogicalType().getIdentifier());
      }
      return field.getTypeName() == beamType.getTypeName();
    }

    /** {@code INT32 (days since 1970-01-01)}, for messages and the README. */
    public String label() {
      return BeamTypeNames.of(beamType) + (note.isEmpty() ? "" : " (" + note + ")");
    }
  }

  /** One CQL scalar type: {@code names} as CQL writes them, what reading gives, what writing takes. */
  public record Scalar(List<String> names, DataType cql, FieldType read, String readNote,
      Function<Object, Object> fromDriver, List<WriteFrom> writes) {
    /** Whether the driver's value is the Beam value as it is (String, Integer, LocalDate, UUID, ...). */
    boolean readAsIs() {
      return fromDriver == SAME;
    }
  }

  /** The conversion of a value that already is what the other side takes. */
  static final Function<Object, Object> SAME = v -> v;
  private static final Map<DataType, Scalar> TABLE = new LinkedHashMap<>();

  static {
    Function<Object, Object> same = SAME;
    scalar(List.of("ascii"), DataTypes.ASCII, FieldType.STRING, "", same,
        from(FieldType.STRING, "characters 0-127", ScalarTypes::ascii));
    scalar(List.of("text", "varchar"), DataTypes.TEXT, FieldType.STRING, "", same,
        from(FieldType.STRING, "", same));
    scalar(List.of("boolean"), DataTypes.BOOLEAN, FieldType.BOOLEAN, "", same, from(FieldType.BOOLEAN, "", same));
    scalar(List.of("tinyint"), DataTypes.TINYINT, FieldType.BYTE, "", same, from(FieldType.BYTE, "", same));
    scalar(List.of("smallint"), DataTypes.SMALLINT, FieldType.INT16, "", same, from(FieldType.INT16, "", same));
    scalar(List.of("int"), DataTypes.INT, FieldType.INT32, "", same, from(FieldType.INT32, "", same));
    scalar(List.of("bigint"), DataTypes.BIGINT, FieldType.INT64, "", same, from(FieldType.INT64, "", same));
    scalar(List.of("counter"), DataTypes.COUNTER, FieldType.INT64, "", same,
        from(FieldType.INT64, "but a counter table takes no INSERT: withStatement(\"UPDATE ... SET n = n + ?\")", same));
    scalar(List.of("varint"), DataTypes.VARINT, FieldType.DECIMAL, "scale 0", v -> new BigDecimal((BigInteger) v),
        from(FieldType.DECIMAL, "an integral value", ScalarTypes::integral),
        from(FieldType.INT64, "", v -> BigInteger.valueOf((Long) v)),
        from(FieldType.INT32, "", v -> BigInteger.valueOf((Integer) v)),
        from(FieldType.STRING, "decimal digits", ScalarTypes::parseVarint));
    scalar(List.of("float"), DataTypes.FLOAT, FieldType.FLOAT, "", same, from(FieldType.FLOAT, "", same));
    scalar(List.of("double"), DataTypes.DOUBLE, FieldType.DOUBLE, "", same, from(FieldType.DOUBLE, "", same));
    scalar(List.of("decimal"), DataTypes.DECIMAL, FieldType.DECIMAL, "scale kept", same,
        from(FieldType.DECIMAL, "", same));
    scalar(List.of("date"), DataTypes.DATE, FieldType.logicalType(SqlTypes.DATE), "SqlTypes.DATE, LocalDate", same,
        from(FieldType.logicalType(SqlTypes.DATE), "SqlTypes.DATE, LocalDate", same),
        from(FieldType.INT32, "days since 1970-01-01", v -> LocalDate.ofEpochDay((Integer) v)),
        from(FieldType.STRING, "ISO yyyy-MM-dd", v -> parse(v, "a date (yyyy-MM-dd)", LocalDate::parse)),
        from(FieldType.DATETIME, "midnight UTC only", ScalarTypes::midnight));
    scalar(List.of("time"), DataTypes.TIME, FieldType.logicalType(SqlTypes.TIME), "SqlTypes.TIME, LocalTime", same,
        from(FieldType.logicalType(SqlTypes.TIME), "SqlTypes.TIME, LocalTime", same),
        from(FieldType.INT64, "nanoseconds of the day", ScalarTypes::nanoOfDay),
        from(FieldType.STRING, "ISO HH:mm[:ss[.fffffffff]]", v -> parse(v, "a time (HH:mm:ss.fffffffff)", LocalTime::parse)));
    scalar(List.of("timestamp"), DataTypes.TIMESTAMP, FieldType.DATETIME, "Joda Instant, milliseconds",
        v -> new org.joda.time.Instant(((Instant) v).toEpochMilli()),
        from(FieldType.DATETIME, "", v -> Instant.ofEpochMilli(((ReadableInstant) v).getMillis())),
        from(FieldType.logicalType(SqlTypes.TIMESTAMP), "SqlTypes.TIMESTAMP, Instant; below 1 ms truncated",
            v -> ((Instant) v).truncatedTo(ChronoUnit.MILLIS)),
        from(FieldType.logicalType(new NanosInstant()), "Instant; below 1 ms truncated",
            v -> ((Instant) v).truncatedTo(ChronoUnit.MILLIS)),
        from(FieldType.INT64, "milliseconds since 1970-01-01T00:00Z", v -> Instant.ofEpochMilli((Long) v)));
    scalar(List.of("duration"), DataTypes.DURATION, CqlDurationType.fieldType(), "CqlDuration", same,
        from(CqlDurationType.fieldType(), "CqlDuration", same),
        from(FieldType.STRING, "1mo2d3h4m5s6ms7us8ns or ISO 8601 P1M2DT3H", ScalarTypes::parseDuration),
        from(FieldType.logicalType(new NanosDuration()), "java.time.Duration: 0 months, 0 days, nanoseconds",
            v -> CqlDuration.newInstance(0, 0, ((java.time.Duration) v).toNanos())));
    scalar(List.of("uuid"), DataTypes.UUID, FieldType.logicalType(new UuidLogicalType()), "UUID", same,
        from(FieldType.logicalType(new UuidLogicalType()), "UUID", same),
        from(FieldType.STRING, "", v -> UUID.fromString((String) v)));
    scalar(List.of("timeuuid"), DataTypes.TIMEUUID, FieldType.logicalType(new UuidLogicalType()), "UUID", same,
        from(FieldType.logicalType(new UuidLogicalType()), "UUID of version 1", v -> timeBased((UUID) v)),
        from(FieldType.STRING, "of version 1", v -> timeBased(UUID.fromString((String) v))));
    scalar(List.of("inet"), DataTypes.INET, InetAddressType.fieldType(), "InetAddress", same,
        from(InetAddressType.fieldType(), "InetAddress", same),
        from(FieldType.STRING, "address literal, never looked up in DNS", v -> InetLiterals.parse((String) v)),
        from(FieldType.BYTES, "4 or 16 bytes", v -> InetLiterals.fromBytes((byte[]) v)));
    Function<Object, Object> wrap = v -> ByteBuffer.wrap((byte[]) v);
    scalar(List.of("blob"), DataTypes.BLOB, FieldType.BYTES, "byte[]", v -> bytes((ByteBuffer) v),
        from(FieldType.BYTES, "", wrap),
        from(FieldType.logicalType(FixedBytes.of(1)), "any length", wrap),
        from(FieldType.logicalType(VariableBytes.of(1)), "any length", wrap));
  }

  /**
   * Logical types that the table maps by identifier and that must never be written as their base
   * type instead: a {@code SqlTypes.DATE} is a day, not a bigint of days, and a {@code
   * SqlTypes.DATETIME} (a LocalDateTime, no time zone) is no timestamp. Any other logical type
   * (an enumeration, FixedString, FixedPrecisionNumeric, one of yours) is written as its base type.
   */
  static final Set<String> MAPPED_LOGICAL_TYPES = mappedLogicalTypes();

  private ScalarTypes() {}

  /** The scalar type {@code cql}, or null for a container or a type without a Beam type. */
  public static Scalar of(DataType cql) {
    return TABLE.get(cql);
  }

  /** Every scalar type, in the README's order. */
  public static List<Scalar> all() {
    return List.copyOf(TABLE.values());
  }

  /** How {@code field} goes into {@code cql}, or null if the table has no way. */
  static WriteFrom writeFrom(Scalar scalar, FieldType field) {
    for (WriteFrom w : scalar.writes()) {
      if (w.accepts(field)) {
        return w;
      }
    }
    return null;
  }

  /**
   * Whether the driver reads and writes {@code vector} right. Cassandra 5 serializes the elements
   * of a vector back to back when their type has a fixed size (int, bigint, float, double, ...),
   * each with a length prefix otherwise; driver 4.17's codec knows only the first layout and only
   * Number elements: it reads a {@code vector<varint, 2>} of [1, 2] as [257, 258], fails on
   * smallint, tinyint, decimal, date and text elements, and cannot represent uuid, timestamp or
   * boolean ones. Only the element types it gets right have a Beam type here.
   */
  public static boolean vectorSupported(VectorType vector) {
    return VECTOR_ELEMENTS.contains(vector.getElementType());
  }

  /** What {@link #vectorSupported} takes, for messages. */
  public static final String VECTOR_ELEMENTS_TEXT = "float, double, int and bigint";
  private static final Set<DataType> VECTOR_ELEMENTS =
      Set.of(DataTypes.FLOAT, DataTypes.DOUBLE, DataTypes.INT, DataTypes.BIGINT);

  /** Whether {@code type} is written as its base type (see {@link #MAPPED_LOGICAL_TYPES}). */
  static boolean writtenAsBase(LogicalType<?, ?> type) {
    return !MAPPED_LOGICAL_TYPES.contains(type.getIdentifier());
  }

  private static Set<String> mappedLogicalTypes() {
    Set<String> ids = new TreeSet<>();
    TABLE.values().forEach(s -> s.writes().stream().map(WriteFrom::beamType)
        .filter(t -> t.getTypeName() == TypeName.LOGICAL_TYPE)
        .forEach(t -> ids.add(t.getLogicalType().getIdentifier())));
    ids.remove(FixedBytes.IDENTIFIER); // listed for the README; as their base (BYTES) they are the same
    ids.remove(VariableBytes.IDENTIFIER);
    ids.add(DateTime.IDENTIFIER);
    return Set.copyOf(ids);
  }

  private static void scalar(List<String> names, DataType cql, FieldType read, String readNote,
      Function<Object, Object> fromDriver, WriteFrom... writes) {
    TABLE.put(cql, new Scalar(names, cql, read, readNote, fromDriver, List.of(writes)));
  }

  private static WriteFrom from(FieldType beam, String note, Function<Object, Object> toDriver) {
    return new WriteFrom(beam, note, toDriver);
  }

  // ---- conversions that can refuse a value --------------------------------------------------------

  /** Cassandra refuses the whole request for one non-ASCII byte; say which character, before sending. */
  private static String ascii(Object v) {
    String s = (String) v;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        throw new IllegalArgumentException("'" + s + "' has a non-ASCII character at index " + i + " ('" + s.charAt(i)
            + "'); an ascii column takes characters 0-127 only (use text for Unicode)");
      }
    }
    return s;
  }

  private static BigInteger integral(Object v) {
    BigDecimal d = (BigDecimal) v;
    try {
      return d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(d.toPlainString() + " is not an integer (a varint takes whole numbers only)");
    }
  }

  private static BigInteger parseVarint(Object v) {
    try {
      return new BigInteger((String) v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not an integer (a varint takes decimal digits, e.g. -123)");
    }
  }

  private static LocalDate midnight(Object v) {
    long millis = ((ReadableInstant) v).getMillis();
    if (Math.floorMod(millis, 86_400_000L) != 0) {
      throw new IllegalArgumentException(v + " is not midnight UTC (a DATETIME goes into a date only at 00:00 UTC; "
          + "use SqlTypes.DATE for a day)");
    }
    return LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L));
  }

  private static LocalTime nanoOfDay(Object v) {
    try {
      return LocalTime.ofNanoOfDay((Long) v);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(v + " is not a number of nanoseconds of a day (0 to 86399999999999)");
    }
  }

  private static <T> T parse(Object v, String what, Function<String, T> parser) {
    try {
      return parser.apply((String) v);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + v + "' is not " + what);
    }
  }

  private static CqlDuration parseDuration(Object v) {
    try {
      return CqlDuration.from((String) v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + v + "' is not a duration (e.g. 1mo2d3h4m5s or P1M2DT3H4M5S)");
    }
  }

  private static UUID timeBased(UUID uuid) {
    if (uuid.version() != 1) {
      throw new IllegalArgumentException(uuid + " is a version " + uuid.version() + " UUID; a timeuuid takes "
          + "time-based UUIDs (version 1) only");
    }
    return uuid;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
