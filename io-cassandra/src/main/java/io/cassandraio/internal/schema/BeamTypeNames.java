package io.cassandraio.internal.schema;

import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * A Beam field type as messages and the README write it: {@code INT64},
 * {@code LOGICAL_TYPE<beam:logical_type:date:v1>}, {@code ARRAY<STRING>},
 * {@code ROW(street STRING, zip INT32)}. {@code FieldType.toString()} says {@code LOGICAL_TYPE}
 * without saying which one, and a user cannot act on that.
 */
public final class BeamTypeNames {
  private BeamTypeNames() {}

  public static String of(FieldType type) {
    switch (type.getTypeName()) {
      case LOGICAL_TYPE:
        return "LOGICAL_TYPE<" + type.getLogicalType().getIdentifier() + ">";
      case ARRAY:
      case ITERABLE:
        return type.getTypeName() + "<" + of(type.getCollectionElementType()) + ">";
      case MAP:
        return "MAP<" + of(type.getMapKeyType()) + ", " + of(type.getMapValueType()) + ">";
      case ROW:
        return "ROW(" + type.getRowSchema().getFields().stream()
            .map(f -> f.getName() + " " + of(f.getType())).collect(Collectors.joining(", ")) + ")";
      default:
        return type.getTypeName().name();
    }
  }
}
