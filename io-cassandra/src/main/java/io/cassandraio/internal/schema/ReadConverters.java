package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.GettableByIndex;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * The read direction: a CQL type's Beam type, and the conversion of the driver's value for it
 * ({@code getObject}'s default Java type) into the Beam value, recursively through collections,
 * tuples, UDTs and vectors. Nested rows are built with {@code attachValues}: the values are made
 * here for exactly the schema's types, so Beam's per-value verification would only cost time.
 */
public final class ReadConverters {
  /** A Beam type and the conversion into it; {@code identity} when the driver's value already is the Beam value. */
  public record Read(FieldType type, Function<Object, Object> convert, boolean identity) {}

  private ReadConverters() {}

  /** {@code place}: where {@code cql} is, for the error if it has no Beam type ({@code column ks.t.c}). */
  public static Read of(DataType cql, String place) {
    ScalarTypes.Scalar scalar = ScalarTypes.of(cql);
    if (scalar != null) {
      return new Read(scalar.read(), scalar.fromDriver(), scalar.readAsIs());
    }
    if (cql instanceof ListType list) {
      return collection(of(list.getElementType(), "the elements of " + place));
    }
    if (cql instanceof SetType set) {
      return collection(of(set.getElementType(), "the elements of " + place));
    }
    if (cql instanceof VectorType vector && !ScalarTypes.vectorSupported(vector)) {
      throw new IllegalArgumentException(place + " has CQL type " + CqlTypeNames.of(cql) + ", which has no Beam type: "
          + "the driver (4.17) reads vectors of " + ScalarTypes.VECTOR_ELEMENTS_TEXT + " only (it would read other "
          + "element types wrong)");
    }
    if (cql instanceof VectorType vector) {
      Read element = of(vector.getElementType(), "the elements of " + place);
      return new Read(FieldType.array(element.type()), v -> {
        List<Object> out = new ArrayList<>(((CqlVector<?>) v).size());
        ((CqlVector<?>) v).forEach(e -> out.add(element.convert().apply(e)));
        return out;
      }, false);
    }
    if (cql instanceof MapType map) {
      Read key = of(map.getKeyType(), "the keys of " + place);
      Read value = of(map.getValueType(), "the values of " + place);
      return new Read(FieldType.map(key.type(), value.type()), v -> {
        if (key.identity() && value.identity()) {
          return v;
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, x) -> out.put(key.convert().apply(k), value.convert().apply(x)));
        return out;
      }, false);
    }
    if (cql instanceof TupleType tuple) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < tuple.getComponentTypes().size(); i++) {
        names.add("f" + i);
      }
      return struct(names, tuple.getComponentTypes(), i -> "component " + i + " of the tuple in " + place);
    }
    if (cql instanceof UserDefinedType udt) {
      List<String> names = udt.getFieldNames().stream().map(n -> n.asInternal()).toList();
      return struct(names, udt.getFieldTypes(), i -> "field " + names.get(i) + " of UDT "
          + udt.getKeyspace().asInternal() + "." + udt.getName().asInternal() + " in " + place);
    }
    throw new IllegalArgumentException(place + " has CQL type " + CqlTypeNames.of(cql) + ", which has no Beam type "
        + "(see \"Beam schemas and CQL types\" in CassandraIO's README)");
  }

  private static Read collection(Read element) {
    return new Read(FieldType.array(element.type()), v -> {
      Collection<?> in = (Collection<?>) v;
      if (element.identity() && in instanceof List) {
        return in; // the driver's own ArrayList, made for this row
      }
      List<Object> out = new ArrayList<>(in.size());
      in.forEach(e -> out.add(element.convert().apply(e)));
      return out;
    }, false);
  }

  /** A tuple or UDT value as a Row of nullable fields. */
  private static Read struct(List<String> names, List<DataType> types, java.util.function.IntFunction<String> place) {
    Schema.Builder schema = Schema.builder();
    List<Read> fields = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      Read field = of(types.get(i), place.apply(i));
      fields.add(field);
      schema.addNullableField(names.get(i), field.type());
    }
    Schema built = schema.build();
    // getObject(i) would look the codec up in the registry for every field of every value read.
    List<TypeCodec<Object>> codecs = new ArrayList<>();
    types.forEach(t -> codecs.add(CodecRegistry.DEFAULT.codecFor(t)));
    return new Read(FieldType.row(built), v -> {
      GettableByIndex in = (GettableByIndex) v;
      List<Object> values = new ArrayList<>(fields.size());
      for (int i = 0; i < fields.size(); i++) {
        ByteBuffer bytes = in.getBytesUnsafe(i);
        values.add(bytes == null ? null
            : fields.get(i).convert().apply(codecs.get(i).decode(bytes.duplicate(), in.protocolVersion())));
      }
      return Row.withSchema(built).attachValues(values);
    }, false);
  }
}
