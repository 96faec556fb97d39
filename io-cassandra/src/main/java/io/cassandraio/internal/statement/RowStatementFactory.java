package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.querybuilder.QueryBuilder;
import com.datastax.oss.driver.api.querybuilder.insert.RegularInsert;
import com.datastax.oss.driver.api.querybuilder.term.Term;
import io.cassandraio.internal.schema.FieldPath;
import io.cassandraio.internal.schema.WriteConverters;
import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.session.SessionLease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Elements with a Beam schema ({@link Row}s, or any type with a schema) into a table: the INSERT
 * is generated from the schema and the table's metadata, mapping fields to columns by name.
 * Every field must name a column of a fitting type and every primary-key column must have a
 * field (except the clustering columns when the fields are the partition key and static columns
 * only); otherwise {@code @Setup} fails naming the field and the column.
 */
public final class RowStatementFactory<T> implements StatementFactory<T> {
  private static final long serialVersionUID = 1L;
  private final TableName name;
  private final boolean withTtlMarker;
  private final @Nullable Schema schema;
  private final @Nullable SerializableFunction<T, Row> toRow;

  /** {@code table}: {@code table} or {@code keyspace.table}, as given to {@code withRows}. */
  public RowStatementFactory(String table) {
    this(TableName.parse("withRows", table), false, null, null);
  }

  private RowStatementFactory(TableName name, boolean withTtlMarker, @Nullable Schema schema,
      @Nullable SerializableFunction<T, Row> toRow) {
    this.name = name;
    this.withTtlMarker = withTtlMarker;
    this.schema = schema;
    this.toRow = toRow;
  }

  @Override
  public StatementFactory<T> forInput(PCollection<T> input, ConnectionSpec connection) {
    if (!input.hasSchema()) {
      throw new IllegalArgumentException("withRows(\"" + name + "\") needs an input with a Beam "
          + "schema (for Rows: .setRowSchema(schema)); " + input.getName() + " has none");
    }
    TableName qualified = name.orKeyspace(connection.keyspace());
    if (qualified.keyspace() == null) {
      throw new IllegalArgumentException("withRows(\"" + name + "\") needs a keyspace: qualify the "
          + "table as keyspace.table or set CassandraConnection.withKeyspace(...)");
    }
    return new RowStatementFactory<>(qualified, withTtlMarker, input.getSchema(), input.getToRowFunction());
  }

  @Override
  public StatementMaker<T> open(SessionLease lease) {
    if (schema == null || toRow == null || name.keyspace() == null) {
      throw new IllegalStateException("RowStatementFactory used before forInput(...)");
    }
    String keyspace = name.keyspace();
    String table = name.table();
    CqlSession session = lease.session();
    TableMetadata meta = session.getMetadata().getKeyspace(name.keyspaceId())
        .flatMap(ks -> ks.getTable(name.tableId()))
        .orElseThrow(() -> new IllegalArgumentException("withRows: table " + keyspace + "." + table
            + " does not exist (or the driver's schema metadata is disabled)"));
    // Column -> the field that fills it, in schema order: the order of the INSERT's bind markers.
    Map<CqlIdentifier, String> columns = new LinkedHashMap<>();
    List<Function<Object, Object>> converters = new ArrayList<>();
    List<String> whats = new ArrayList<>();
    List<TypeCodec<Object>> codecs = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      ColumnMetadata column = columnFor(meta, f.getName());
      FieldPath path = FieldPath.column(f.getName(), keyspace, table, column.getName().asInternal());
      String earlier = columns.putIfAbsent(column.getName(), f.getName());
      if (earlier != null) {
        throw new IllegalArgumentException("withRows: the fields '" + earlier + "' and '" + f.getName()
            + "' both name column '" + column.getName().asInternal() + "' of " + keyspace + "." + table);
      }
      converters.add(WriteConverters.forField(path, f.getType(), column.getType()));
      whats.add(path.what());
      codecs.add(session.getContext().getCodecRegistry().codecFor(column.getType()));
    }
    boolean staticOnly = staticOnly(meta, columns.keySet());
    for (ColumnMetadata key : meta.getPrimaryKey()) {
      if (!columns.containsKey(key.getName()) && !(staticOnly && !partitionKey(meta, key.getName()))) {
        throw new IllegalArgumentException("withRows: the schema has no field for primary-key column '"
            + key.getName().asInternal() + "' of " + keyspace + "." + table);
      }
    }
    String cql = insertCql(meta, columns.keySet());
    PreparedStatement prepared;
    try {
      prepared = session.prepare(cql);
    } catch (RuntimeException e) { // e.g. a counter table, which takes no INSERT
      throw new IllegalArgumentException("withRows: cannot prepare '" + cql + "': " + e.getMessage(), e);
    }
    SerializableFunction<T, Row> rowOf = toRow;
    int fields = columns.size();
    return StatementMaker.bindingTo(prepared, element -> {
      Row row = rowOf.apply(element);
      BoundStatementBuilder b = prepared.boundStatementBuilder();
      for (int i = 0; i < fields; i++) {
        Object value = row.getValue(i); // logical types as their input type, which the converters take
        b = value == null ? b.setToNull(i) : b.set(i, convert(whats.get(i), converters.get(i), value), codecs.get(i));
      }
      return b.build();
    });
  }

  /**
   * A value the field's type allows but the column does not (e.g. "x" for a uuid) fails naming
   * the field (the converters name nested fields themselves); so does anything unexpected.
   */
  private static Object convert(String what, Function<Object, Object> converter, Object value) {
    try {
      return converter.apply(value);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + ": " + e, e);
    }
  }

  /**
   * Whether the fields fill only the partition key and static columns (at least one): Cassandra
   * takes such an INSERT without the clustering columns, and it writes the partition's static
   * values alone.
   */
  private static boolean staticOnly(TableMetadata meta, java.util.Collection<CqlIdentifier> columns) {
    boolean anyStatic = false;
    for (CqlIdentifier id : columns) {
      ColumnMetadata column = meta.getColumn(id).orElseThrow();
      if (column.isStatic()) {
        anyStatic = true;
      } else if (!partitionKey(meta, id)) {
        return false;
      }
    }
    return anyStatic;
  }

  private static boolean partitionKey(TableMetadata meta, CqlIdentifier column) {
    return meta.getPartitionKey().stream().anyMatch(c -> c.getName().equals(column));
  }

  /**
   * The column named exactly as the field, else the one the field names as unquoted CQL would,
   * in lower case ({@code CqlIdentifier.fromCql} would throw for reserved words and other names
   * that need quotes, instead of the message below).
   */
  private ColumnMetadata columnFor(TableMetadata meta, String field) {
    return meta.getColumn(CqlIdentifier.fromInternal(field))
        .or(() -> meta.getColumn(CqlIdentifier.fromInternal(field.toLowerCase(Locale.ROOT))))
        .orElseThrow(() -> new IllegalArgumentException("withRows: field '" + field
            + "' has no column in " + name + " (columns: "
            + meta.getColumns().keySet().stream().map(CqlIdentifier::asInternal)
                .collect(Collectors.joining(", ")) + ")"));
  }

  private String insertCql(TableMetadata meta, Iterable<CqlIdentifier> columns) {
    Map<CqlIdentifier, Term> values = new LinkedHashMap<>();
    columns.forEach(c -> values.put(c, QueryBuilder.bindMarker()));
    RegularInsert insert = QueryBuilder.insertInto(meta.getKeyspace(), meta.getName()).valuesByIds(values);
    return (withTtlMarker ? insert.usingTtl(QueryBuilder.bindMarker()) : insert).asCql();
  }

  /** The same, with a TTL bind marker in the generated INSERT. */
  public RowStatementFactory<T> withTtlMarker() {
    return new RowStatementFactory<>(name, true, schema, toRow);
  }

  @Override
  public String describe() {
    return "rows into " + name;
  }
}
