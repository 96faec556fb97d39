package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * The Beam view of some columns of a table: their {@link Schema} (fields named and ordered as the
 * columns), and driver rows of a {@code SELECT} of exactly {@link #columns()} turned into Beam rows.
 *
 * <p>CONTRACT SKELETON: only text, int and bigint are mapped here; the type mapping of issue 13
 * replaces the internals, not the signatures.
 */
public final class BeamRowReader {
  private final List<CqlIdentifier> columns;
  private final Schema schema;

  private BeamRowReader(List<CqlIdentifier> columns, Schema schema) {
    this.columns = columns;
    this.schema = schema;
  }

  /**
   * The reader of {@code columnNames} of {@code table} (all its columns, in the table's order, when
   * empty). Throws {@link IllegalArgumentException} naming an unknown column or a column whose type
   * has no Beam type.
   */
  public static BeamRowReader of(TableMetadata table, List<String> columnNames) {
    List<ColumnMetadata> selected = new ArrayList<>();
    if (columnNames.isEmpty()) {
      selected.addAll(table.getColumns().values());
    } else {
      for (String name : columnNames) {
        selected.add(table.getColumn(CqlIdentifier.fromInternal(name)).orElseThrow(() ->
            new IllegalArgumentException("table " + table.getKeyspace().asInternal() + "."
                + table.getName().asInternal() + " has no column '" + name + "'; its columns: "
                + table.getColumns().keySet())));
      }
    }
    Schema.Builder schema = Schema.builder();
    List<CqlIdentifier> ids = new ArrayList<>();
    for (ColumnMetadata column : selected) {
      ids.add(column.getName());
      schema.addNullableField(column.getName().asInternal(), beamType(column.getType()));
    }
    return new BeamRowReader(List.copyOf(ids), schema.build());
  }

  public Schema schema() {
    return schema;
  }

  /** The columns to select, in schema order. */
  public List<CqlIdentifier> columns() {
    return columns;
  }

  /** {@code row} must come from a SELECT of exactly {@link #columns()}, in that order. */
  public Row read(com.datastax.oss.driver.api.core.cql.Row row) {
    Row.Builder out = Row.withSchema(schema);
    for (int i = 0; i < columns.size(); i++) {
      out.addValue(row.getObject(i));
    }
    return out.build();
  }

  private static FieldType beamType(DataType type) {
    if (type.equals(DataTypes.TEXT)) {
      return FieldType.STRING;
    }
    if (type.equals(DataTypes.INT)) {
      return FieldType.INT32;
    }
    if (type.equals(DataTypes.BIGINT)) {
      return FieldType.INT64;
    }
    throw new UnsupportedOperationException("skeleton: " + type.asCql(true, true));
  }
}
