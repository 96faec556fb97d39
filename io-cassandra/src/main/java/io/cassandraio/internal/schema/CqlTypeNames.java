package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.VectorType;
import java.util.stream.Collectors;

/**
 * A CQL type as CQL writes it, for messages: {@code DataType.asCql} in driver 4.17 writes a
 * vector as {@code 'org.apache.cassandra.db.marshal.VectorType(3)'}, without its element type.
 */
public final class CqlTypeNames {
  private CqlTypeNames() {}

  public static String of(DataType type) {
    if (type instanceof VectorType vector) {
      return "vector<" + of(vector.getElementType()) + ", " + vector.getDimensions() + ">";
    }
    if (type instanceof ListType list) {
      return frozen(list.isFrozen(), "list<" + of(list.getElementType()) + ">");
    }
    if (type instanceof SetType set) {
      return frozen(set.isFrozen(), "set<" + of(set.getElementType()) + ">");
    }
    if (type instanceof MapType map) {
      return frozen(map.isFrozen(), "map<" + of(map.getKeyType()) + ", " + of(map.getValueType()) + ">");
    }
    if (type instanceof TupleType tuple) {
      return "frozen<tuple<" + tuple.getComponentTypes().stream().map(CqlTypeNames::of)
          .collect(Collectors.joining(", ")) + ">>";
    }
    return type.asCql(true, true);
  }

  private static String frozen(boolean frozen, String type) {
    return frozen ? "frozen<" + type + ">" : type;
  }
}
