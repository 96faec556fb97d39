package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.RelationMetadata;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The Beam view of some columns of a table: their {@link Schema} (fields named and ordered as the
 * columns, types as {@link ScalarTypes} and {@link ReadConverters} map them; primary-key columns
 * not null, every other column nullable; in a table with static columns the clustering columns
 * are nullable too), and driver rows of a {@code SELECT} of exactly {@link
 * #columns()} turned into Beam rows.
 */
public final class BeamRowReader {
  private final List<CqlIdentifier> columns;
  private final Schema schema;
  private final List<ReadConverters.Read> reads;
  private volatile List<TypeCodec<Object>> codecs;

  private BeamRowReader(List<CqlIdentifier> columns, Schema schema, List<ReadConverters.Read> reads) {
    this.columns = columns;
    this.schema = schema;
    this.reads = reads;
  }

  /**
   * The reader of {@code columnNames} of {@code table} (all its columns, in the table's order, when
   * empty). Throws {@link IllegalArgumentException} naming an unknown column or a column whose type
   * has no Beam type.
   */
  public static BeamRowReader of(RelationMetadata table, List<String> columnNames) {
    String tableName = table.getKeyspace().asInternal() + "." + table.getName().asInternal();
    List<ColumnMetadata> selected = new ArrayList<>();
    if (columnNames.isEmpty()) {
      selected.addAll(table.getColumns().values());
    } else {
      for (String name : columnNames) {
        selected.add(table.getColumn(CqlIdentifier.fromInternal(name)).orElseThrow(() ->
            new IllegalArgumentException("table " + tableName + " has no column '" + name + "'; its columns: "
                + table.getColumns().keySet().stream().map(CqlIdentifier::asInternal)
                    .collect(Collectors.joining(", ")))));
      }
    }
    // A partition that holds only static values reads as one row whose clustering columns are
    // null: in a table with a static column only the partition key is never null.
    boolean hasStatic = table.getColumns().values().stream().anyMatch(ColumnMetadata::isStatic);
    Set<CqlIdentifier> notNull = new HashSet<>();
    (hasStatic ? table.getPartitionKey() : table.getPrimaryKey()).forEach(c -> notNull.add(c.getName()));
    Schema.Builder schema = Schema.builder();
    List<CqlIdentifier> ids = new ArrayList<>();
    List<ReadConverters.Read> reads = new ArrayList<>();
    for (ColumnMetadata column : selected) {
      ReadConverters.Read read = ReadConverters.of(column.getType(),
          "column " + tableName + "." + column.getName().asInternal());
      ids.add(column.getName());
      reads.add(read);
      schema.addField(column.getName().asInternal(), read.type().withNullable(!notNull.contains(column.getName())));
    }
    return new BeamRowReader(List.copyOf(ids), schema.build(), List.copyOf(reads));
  }

  public Schema schema() {
    return schema;
  }

  /** The columns to select, in schema order. */
  public List<CqlIdentifier> columns() {
    return columns;
  }

  /**
   * {@code row} must come from a SELECT of exactly {@link #columns()}, in that order (the codecs
   * are looked up on the first row). A column without a value is null, also a collection
   * (Cassandra stores an empty non-frozen collection as no value; the driver's {@code getObject}
   * would say empty list instead). Safe to call from several threads.
   */
  public Row read(com.datastax.oss.driver.api.core.cql.Row row) {
    List<TypeCodec<Object>> codecs = codecsFor(row);
    ProtocolVersion protocol = row.protocolVersion();
    List<Object> values = new ArrayList<>(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      ByteBuffer bytes = row.getBytesUnsafe(i);
      if (bytes == null) {
        values.add(null);
      } else {
        Function<Object, Object> convert = reads.get(i).convert();
        values.add(convert.apply(codecs.get(i).decode(bytes, protocol)));
      }
    }
    // attachValues: the values are made for exactly this schema's types (see ReadConverters).
    return Row.withSchema(schema).attachValues(values);
  }

  /**
   * The codecs {@code getObject} would use (each column's default Java type), looked up once: the
   * registry's lookup scans its codecs for every call, on every column of every row read.
   */
  private List<TypeCodec<Object>> codecsFor(com.datastax.oss.driver.api.core.cql.Row row) {
    List<TypeCodec<Object>> known = codecs;
    if (known == null) {
      List<TypeCodec<Object>> found = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        found.add(row.codecRegistry().codecFor(row.getType(i)));
      }
      known = List.copyOf(found);
      codecs = known; // a race builds equal lists; any one of them will do
    }
    return known;
  }
}
