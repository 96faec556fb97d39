package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Names a driver row in an error message, by the primary-key columns the read selected ({@code
 * k=42, c='x'}, as CQL literals), or by all its columns when the projection has no key column.
 * Each value is formatted from its bytes, so a value that will not decode does not hide the row.
 */
final class RowNames {
  /** Longer values are cut: a message should name a row, not hold a blob. */
  static final int MAX_VALUE_CHARS = 100;

  private RowNames() {}

  static String of(Row row, List<CqlIdentifier> primaryKey) {
    ColumnDefinitions columns = row.getColumnDefinitions();
    List<String> parts = new ArrayList<>();
    for (CqlIdentifier key : primaryKey) {
      int i = columns.firstIndexOf(key);
      if (i >= 0) {
        parts.add(valueOf(row, i));
      }
    }
    if (parts.isEmpty()) {
      for (int i = 0; i < columns.size(); i++) {
        parts.add(valueOf(row, i));
      }
    }
    return String.join(", ", parts);
  }

  private static String valueOf(Row row, int i) {
    String name = row.getColumnDefinitions().get(i).getName().asCql(true);
    String value;
    try {
      ByteBuffer bytes = row.getBytesUnsafe(i);
      TypeCodec<Object> codec = row.codecRegistry().codecFor(row.getType(i));
      value = bytes == null ? "null" : codec.format(codec.decode(bytes, row.protocolVersion()));
    } catch (RuntimeException e) {
      value = "<undecodable: " + e.getMessage() + ">";
    }
    if (value.length() > MAX_VALUE_CHARS) {
      value = value.substring(0, MAX_VALUE_CHARS) + "...";
    }
    return name + "=" + value;
  }
}
