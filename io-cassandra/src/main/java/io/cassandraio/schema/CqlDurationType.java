package io.cassandraio.schema;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * A CQL {@code duration} as a Beam logical type: the driver's {@link CqlDuration}, stored as a
 * row of months, days and nanoseconds. A CQL duration keeps the three apart (a month is not a
 * fixed number of days, nor a day of nanoseconds across a DST change), so neither Beam's
 * {@code NanosDuration} nor a number can hold one without loss.
 */
public final class CqlDurationType implements Schema.LogicalType<CqlDuration, Row> {
  private static final long serialVersionUID = 1L;
  public static final String IDENTIFIER = "cassandraio:cql_duration:v1";
  public static final Schema BASE_SCHEMA = Schema.builder()
      .addInt32Field("months")
      .addInt32Field("days")
      .addInt64Field("nanos")
      .build();

  /** The type; all instances are equal. */
  public static CqlDurationType of() {
    return new CqlDurationType();
  }

  /** {@code FieldType.logicalType(CqlDurationType.of())}. */
  public static FieldType fieldType() {
    return FieldType.logicalType(of());
  }

  @Override
  public String getIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public FieldType getArgumentType() {
    return null;
  }

  @Override
  public FieldType getBaseType() {
    return FieldType.row(BASE_SCHEMA);
  }

  @Override
  public Row toBaseType(CqlDuration input) {
    return Row.withSchema(BASE_SCHEMA).attachValues(input.getMonths(), input.getDays(), input.getNanoseconds());
  }

  @Override
  public CqlDuration toInputType(Row base) {
    return CqlDuration.newInstance(base.getInt32(0), base.getInt32(1), base.getInt64(2));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CqlDurationType;
  }

  @Override
  public int hashCode() {
    return IDENTIFIER.hashCode();
  }

  @Override
  public String toString() {
    return "CqlDurationType";
  }
}
