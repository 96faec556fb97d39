package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.SettableByIndex;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.LogicalType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/**
 * The write direction: whether a Beam field type can go into a CQL type, and the conversion of
 * its values (as {@code Row.getValue} holds them: logical types as their input values, at any
 * depth) into the driver's default Java type for the CQL type. Scalars come from {@link
 * ScalarTypes}; collections, tuples, UDTs and vectors convert each element, field or component.
 *
 * <p>A pair that does not fit throws {@link IllegalArgumentException} at once (at {@code @Setup}),
 * naming the field's path, the Beam type with its logical type, the CQL type and the Beam types
 * that would fit. A value that cannot be converted throws it when converted, naming the path.
 * Converters never see null at their own level: the caller binds null itself.
 */
public final class WriteConverters {
  private WriteConverters() {}

  /** The conversion of values of {@code field} into {@code cql}, or the setup error. */
  public static Function<Object, Object> forField(FieldPath path, FieldType field, DataType cql) {
    Function<Object, Object> direct = direct(path, field, cql);
    if (direct != null) {
      return direct;
    }
    if (field.getTypeName() == TypeName.LOGICAL_TYPE && field.getLogicalType() instanceof EnumerationType enumeration
        && (cql.equals(DataTypes.TEXT) || cql.equals(DataTypes.ASCII))) {
      // By name, as the driver's mapper writes a Java enum (Beam gives a POJO's enum field this type).
      Function<Object, Object> text = direct(path, FieldType.STRING, cql);
      return v -> text.apply(enumeration.toString((EnumerationType.Value) v));
    }
    if (field.getTypeName() == TypeName.LOGICAL_TYPE && ScalarTypes.writtenAsBase(field.getLogicalType())) {
      @SuppressWarnings("unchecked")
      LogicalType<Object, Object> logical = (LogicalType<Object, Object>) field.getLogicalType();
      Function<Object, Object> base = direct(path, logical.getBaseType(), cql);
      if (base == null && logical.getBaseType().getTypeName() == TypeName.LOGICAL_TYPE) {
        base = forField(path, logical.getBaseType(), cql);
      }
      if (base != null) {
        Function<Object, Object> ofBase = base;
        return v -> ofBase.apply(logical.toBaseType(v));
      }
    }
    throw new IllegalArgumentException(path.what() + " has Beam type " + BeamTypeNames.of(field) + " but "
        + path.cqlNoun() + " is " + CqlTypeNames.of(cql) + ", which takes a Beam " + fitting(cql) + emptyRowHint(field)
        + localDateTimeHint(field, cql));
  }

  /** Why a LocalDateTime is refused where an instant fits: which instant it is depends on a time zone. */
  private static String localDateTimeHint(FieldType field, DataType cql) {
    if (field.getTypeName() != TypeName.LOGICAL_TYPE
        || !SqlTypes.DATETIME.getIdentifier().equals(field.getLogicalType().getIdentifier())
        || !DataTypes.TIMESTAMP.equals(cql)) {
      return "";
    }
    return "; a SqlTypes.DATETIME (LocalDateTime) has no time zone, so it is no instant: convert it in your pipeline "
        + "(e.g. value.toInstant(ZoneOffset.UTC) into a SqlTypes.TIMESTAMP field)";
  }

  /**
   * Beam (2.62) infers an empty ROW for a POJO, JavaBean or AutoValue field of a class it has no
   * schema for, java.time, UUID and BigInteger among them (apache/beam#21567): say so, since the
   * user's class shows a LocalDate, not a ROW.
   */
  private static String emptyRowHint(FieldType field) {
    if (field.getTypeName() != TypeName.ROW || field.getRowSchema().getFieldCount() > 0) {
      return "";
    }
    return "; an empty ROW is what Beam infers for a POJO, JavaBean or AutoValue field of a class it has no schema "
        + "for (java.time types, UUID, BigInteger): give that field a type Beam knows (e.g. org.joda.time.Instant, "
        + "String) or build Rows of CassandraIO.schemaOf(...)";
  }

  /** The Beam types {@code cql} takes, as the mismatch message says them. */
  static String fitting(DataType cql) {
    ScalarTypes.Scalar scalar = ScalarTypes.of(cql);
    if (scalar != null) {
      List<String> labels = scalar.writes().stream().map(ScalarTypes.WriteFrom::label).toList();
      return labels.size() == 1 ? labels.get(0)
          : String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }
    if (cql instanceof ListType || cql instanceof SetType) {
      return "ARRAY or ITERABLE";
    }
    if (cql instanceof VectorType vector && !ScalarTypes.vectorSupported(vector)) {
      return "type: none (the driver (4.17) writes vectors of " + ScalarTypes.VECTOR_ELEMENTS_TEXT + " only)";
    }
    if (cql instanceof VectorType vector) {
      return "ARRAY or ITERABLE of exactly " + vector.getDimensions() + " elements";
    }
    if (cql instanceof MapType) {
      return "MAP";
    }
    if (cql instanceof TupleType tuple) {
      int n = tuple.getComponentTypes().size();
      return "ROW of " + n + " fields (by position), or an ARRAY or ITERABLE of " + n + " elements";
    }
    if (cql instanceof UserDefinedType udt) {
      return "ROW with fields named as those of UDT " + udtName(udt) + " (" + udt.getFieldNames().stream()
          .map(CqlIdentifier::asInternal).collect(Collectors.joining(", ")) + ")";
    }
    return "type: none (withRows cannot write " + CqlTypeNames.of(cql) + "; use withStatement)";
  }

  /** The converter if the shape of {@code field} fits {@code cql}; null if it does not. */
  private static Function<Object, Object> direct(FieldPath path, FieldType field, DataType cql) {
    TypeName type = field.getTypeName();
    boolean sequence = type == TypeName.ARRAY || type == TypeName.ITERABLE;
    if (cql instanceof ListType list && sequence) {
      Function<Object, Object> element = forField(path.element(), field.getCollectionElementType(), list.getElementType());
      return v -> elements(path, (Iterable<?>) v, element, new ArrayList<>());
    }
    if (cql instanceof SetType set && sequence) {
      Function<Object, Object> element = forField(path.element(), field.getCollectionElementType(), set.getElementType());
      return v -> elements(path, (Iterable<?>) v, element, new LinkedHashSet<>());
    }
    if (cql instanceof VectorType vector && sequence && ScalarTypes.vectorSupported(vector)) {
      return vector(path, field, vector);
    }
    if (cql instanceof MapType map && type == TypeName.MAP) {
      return map(path, field, map);
    }
    if (cql instanceof TupleType tuple && type == TypeName.ROW) {
      return tupleFromRow(path, field.getRowSchema(), tuple);
    }
    if (cql instanceof TupleType tuple && sequence) {
      return tupleFromSequence(path, field.getCollectionElementType(), tuple);
    }
    if (cql instanceof UserDefinedType udt && type == TypeName.ROW && field.getRowSchema().getFieldCount() > 0) {
      return udt(path, field.getRowSchema(), udt);
    }
    ScalarTypes.Scalar scalar = ScalarTypes.of(cql);
    ScalarTypes.WriteFrom from = scalar == null ? null : ScalarTypes.writeFrom(scalar, field);
    if (from == null) {
      return null;
    }
    Function<Object, Object> convert = from.toDriver();
    if (convert == ScalarTypes.SAME) {
      return convert;
    }
    return v -> {
      try {
        return convert.apply(v);
      } catch (IllegalArgumentException e) {
        throw path.badValue(e.getMessage(), e);
      }
    };
  }

  private static <C extends Collection<Object>> C elements(FieldPath path, Iterable<?> values,
      Function<Object, Object> element, C out) {
    int i = 0;
    for (Object e : values) {
      if (e == null) {
        throw path.badValue("element " + i + " is null; Cassandra collections cannot hold null");
      }
      out.add(element.apply(e));
      i++;
    }
    return out;
  }

  private static Function<Object, Object> vector(FieldPath path, FieldType field, VectorType vector) {
    Function<Object, Object> element = forField(path.element(), field.getCollectionElementType(), vector.getElementType());
    int dimensions = vector.getDimensions();
    String cql = CqlTypeNames.of(vector);
    return v -> {
      List<Object> values = elements(path, (Iterable<?>) v, element, new ArrayList<>());
      if (values.size() != dimensions) {
        throw path.badValue("has " + values.size() + " elements, but a " + cql + " takes exactly " + dimensions);
      }
      @SuppressWarnings("unchecked")
      List<Number> numbers = (List<Number>) (List<?>) values;
      return CqlVector.newInstance(numbers);
    };
  }

  private static Function<Object, Object> map(FieldPath path, FieldType field, MapType map) {
    Function<Object, Object> key = forField(path.mapKey(), field.getMapKeyType(), map.getKeyType());
    Function<Object, Object> value = forField(path.mapValue(), field.getMapValueType(), map.getValueType());
    return v -> {
      Map<Object, Object> out = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> {
        if (k == null || x == null) {
          throw path.badValue("the entry " + k + "=" + x + " holds a null; Cassandra maps cannot hold null keys or values");
        }
        out.put(key.apply(k), value.apply(x));
      });
      return out;
    };
  }

  private static Function<Object, Object> tupleFromRow(FieldPath path, Schema schema, TupleType tuple) {
    List<DataType> components = tuple.getComponentTypes();
    if (schema.getFieldCount() != components.size()) {
      throw new IllegalArgumentException(path.what() + " has Beam type " + BeamTypeNames.of(FieldType.row(schema))
          + " with " + schema.getFieldCount() + " fields but " + path.cqlNoun() + " is " + CqlTypeNames.of(tuple)
          + " with " + components.size() + " components; a ROW goes into a tuple field by field, by position");
    }
    List<Function<Object, Object>> converters = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      Schema.Field f = schema.getField(i);
      converters.add(forField(path.tupleComponent("." + f.getName(), i), f.getType(), components.get(i)));
    }
    List<TypeCodec<Object>> codecs = codecs(components);
    return v -> {
      Row row = (Row) v;
      TupleValue out = tuple.newValue();
      for (int i = 0; i < converters.size(); i++) {
        out = set(out, i, row.getValue(i), converters.get(i), codecs.get(i));
      }
      return out;
    };
  }

  private static Function<Object, Object> tupleFromSequence(FieldPath path, FieldType element, TupleType tuple) {
    List<DataType> components = tuple.getComponentTypes();
    List<Function<Object, Object>> converters = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      converters.add(forField(path.tupleComponent("[" + i + "]", i), element, components.get(i)));
    }
    List<TypeCodec<Object>> codecs = codecs(components);
    String cql = CqlTypeNames.of(tuple);
    return v -> {
      List<Object> values = new ArrayList<>();
      ((Iterable<?>) v).forEach(values::add);
      if (values.size() != components.size()) {
        throw path.badValue("has " + values.size() + " elements, but a " + cql + " takes exactly " + components.size());
      }
      TupleValue out = tuple.newValue();
      for (int i = 0; i < converters.size(); i++) {
        out = set(out, i, values.get(i), converters.get(i), codecs.get(i));
      }
      return out;
    };
  }

  private static Function<Object, Object> udt(FieldPath path, Schema schema, UserDefinedType udt) {
    List<Integer> indexes = new ArrayList<>();
    List<Function<Object, Object>> converters = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      int index = udt.firstIndexOf(CqlIdentifier.fromInternal(f.getName()));
      if (index < 0) {
        index = udt.firstIndexOf(CqlIdentifier.fromInternal(f.getName().toLowerCase(Locale.ROOT)));
      }
      if (index < 0) {
        throw new IllegalArgumentException(path.what() + " has a field '" + f.getName() + "' that is not a field of UDT "
            + udtName(udt) + " (its fields: " + udt.getFieldNames().stream().map(CqlIdentifier::asInternal)
                .collect(Collectors.joining(", ")) + ")");
      }
      String udtField = udt.getFieldNames().get(index).asInternal();
      int earlier = indexes.indexOf(index);
      if (earlier >= 0) { // else the last one would win, silently
        throw new IllegalArgumentException(path.what() + " has the fields '" + schema.getField(earlier).getName()
            + "' and '" + f.getName() + "' that both name field " + udtField + " of UDT " + udtName(udt));
      }
      indexes.add(index);
      converters.add(forField(path.udtField(f.getName(), udtField, udtName(udt)), f.getType(),
          udt.getFieldTypes().get(index)));
    }
    List<TypeCodec<Object>> codecs = codecs(udt.getFieldTypes());
    return v -> {
      Row row = (Row) v;
      UdtValue out = udt.newValue();
      for (int i = 0; i < converters.size(); i++) {
        int index = indexes.get(i);
        out = set(out, index, row.getValue(i), converters.get(i), codecs.get(index));
      }
      return out;
    };
  }

  private static <T extends SettableByIndex<T>> T set(T out, int index, Object value, Function<Object, Object> converter,
      TypeCodec<Object> codec) {
    return value == null ? out.setToNull(index) : out.set(index, converter.apply(value), codec);
  }

  /** The driver's default codecs: the converters make exactly their Java types. */
  @SuppressWarnings("unchecked")
  private static List<TypeCodec<Object>> codecs(List<DataType> types) {
    List<TypeCodec<Object>> codecs = new ArrayList<>();
    types.forEach(t -> codecs.add((TypeCodec<Object>) (TypeCodec<?>) CodecRegistry.DEFAULT.codecFor(t)));
    return codecs;
  }

  private static String udtName(UserDefinedType udt) {
    return udt.getKeyspace().asInternal() + "." + udt.getName().asInternal();
  }
}
