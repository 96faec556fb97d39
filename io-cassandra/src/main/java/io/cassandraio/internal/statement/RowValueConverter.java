package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Maps a Beam field type onto a CQL column type: says whether they fit, and converts values to
 * the driver's default Java type for the column (String to UUID, Joda instant to
 * {@code java.time.Instant}, nested Row to UDT value, ...).
 */
final class RowValueConverter {
  private RowValueConverter() {}

  /** A converter, or an exception naming both types when the field cannot go into the column. */
  static Function<Object, Object> forField(String what, FieldType field, DataType column) {
    FieldType base = baseType(field);
    TypeName type = base.getTypeName();
    if (column instanceof ListType list && (type == TypeName.ARRAY || type == TypeName.ITERABLE)) {
      Function<Object, Object> element = forField(what + " element", base.getCollectionElementType(), list.getElementType());
      return v -> {
        List<Object> out = new ArrayList<>();
        ((Iterable<?>) v).forEach(e -> out.add(e == null ? null : element.apply(e)));
        return out;
      };
    }
    if (column instanceof SetType set && (type == TypeName.ARRAY || type == TypeName.ITERABLE)) {
      Function<Object, Object> element = forField(what + " element", base.getCollectionElementType(), set.getElementType());
      return v -> {
        Set<Object> out = new LinkedHashSet<>();
        ((Iterable<?>) v).forEach(e -> out.add(element.apply(e)));
        return out;
      };
    }
    if (column instanceof MapType map && type == TypeName.MAP) {
      Function<Object, Object> key = forField(what + " key", base.getMapKeyType(), map.getKeyType());
      Function<Object, Object> value = forField(what + " value", base.getMapValueType(), map.getValueType());
      return v -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, x) -> out.put(key.apply(k), x == null ? null : value.apply(x)));
        return out;
      };
    }
    if (column instanceof UserDefinedType udt && type == TypeName.ROW) {
      return forUdt(what, base.getRowSchema(), udt);
    }
    Function<Object, Object> scalar = scalar(type, column);
    if (scalar == null) {
      throw new IllegalArgumentException(what + " has Beam type " + field.getTypeName()
          + " but the column is " + column.asCql(true, true) + ", which takes " + typesFitting(column));
    }
    return scalar;
  }

  private static Function<Object, Object> forUdt(String what, Schema schema, UserDefinedType udt) {
    List<String> fields = new ArrayList<>();
    List<Function<Object, Object>> converters = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      int index = udt.firstIndexOf(CqlIdentifier.fromInternal(f.getName()));
      if (index < 0) {
        throw new IllegalArgumentException(what + " field '" + f.getName() + "' is not a field of UDT "
            + udt.getName().asCql(true) + " (its fields: " + udt.getFieldNames() + ")");
      }
      fields.add(f.getName());
      converters.add(forField(what + "." + f.getName(), f.getType(), udt.getFieldTypes().get(index)));
    }
    return v -> {
      Row row = (Row) v;
      UdtValue value = udt.newValue();
      for (int i = 0; i < fields.size(); i++) {
        Object field = row.getValue(fields.get(i));
        CqlIdentifier id = CqlIdentifier.fromInternal(fields.get(i));
        value = field == null ? value.setToNull(id)
            : value.set(id, converters.get(i).apply(field), javaClassOf(value, id));
      }
      return value;
    };
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> javaClassOf(UdtValue value, CqlIdentifier id) {
    return (Class<Object>) value.codecRegistry().codecFor(value.getType(id)).getJavaType().getRawType();
  }

  /** The Beam types a value of {@code column} can come from, for messages (read off {@link #scalar}). */
  private static String typesFitting(DataType column) {
    if (column instanceof ListType || column instanceof SetType) {
      return "a Beam ARRAY or ITERABLE";
    }
    if (column instanceof MapType) {
      return "a Beam MAP";
    }
    if (column instanceof UserDefinedType) {
      return "a Beam ROW";
    }
    List<String> fitting = new ArrayList<>();
    for (TypeName type : TypeName.values()) {
      if (scalar(type, column) != null) {
        fitting.add(type.name());
      }
    }
    return fitting.isEmpty() ? "no Beam type (withRows cannot write it; use withStatement)"
        : "a Beam " + String.join(" or ", fitting);
  }

  private static FieldType baseType(FieldType field) {
    FieldType t = field;
    while (t.getTypeName() == TypeName.LOGICAL_TYPE) {
      t = t.getLogicalType().getBaseType();
    }
    return t;
  }


  private static Function<Object, Object> scalar(TypeName type, DataType column) {
    switch (type) {
      case STRING:
        if (column == DataTypes.TEXT || column == DataTypes.ASCII) {
          return v -> v;
        }
        if (column == DataTypes.UUID || column == DataTypes.TIMEUUID) {
          return v -> UUID.fromString((String) v);
        }
        return null;
      case INT64:
        if (column == DataTypes.BIGINT || column == DataTypes.COUNTER) {
          return v -> v;
        }
        if (column == DataTypes.TIMESTAMP) {
          return v -> java.time.Instant.ofEpochMilli((Long) v);
        }
        return null;
      case INT32:
        return column == DataTypes.INT ? v -> v : null;
      case INT16:
        return column == DataTypes.SMALLINT ? v -> v : null;
      case BYTE:
        return column == DataTypes.TINYINT ? v -> v : null;
      case DOUBLE:
        return column == DataTypes.DOUBLE ? v -> v : null;
      case FLOAT:
        return column == DataTypes.FLOAT ? v -> v : null;
      case BOOLEAN:
        return column == DataTypes.BOOLEAN ? v -> v : null;
      case DECIMAL:
        return column == DataTypes.DECIMAL ? v -> v : null;
      case DATETIME:
        return column == DataTypes.TIMESTAMP
            ? v -> java.time.Instant.ofEpochMilli(((ReadableInstant) v).getMillis()) : null;
      case BYTES:
        return column == DataTypes.BLOB ? v -> ByteBuffer.wrap((byte[]) v) : null;
      default:
        return null;
    }
  }
}
