package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.cassandraio.internal.schema.BeamRowReader;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.internal.statement.TableName;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The table a read reads, from the driver's schema metadata: its metadata, the {@link
 * BeamRowReader} of the projection, and the CQL of the split queries. Errors name the read, the
 * keyspace, table or column, and what exists instead.
 */
public final class ReadTable {
  private final TableMetadata metadata;
  private final BeamRowReader reader;

  private ReadTable(TableMetadata metadata, BeamRowReader reader) {
    this.metadata = metadata;
    this.reader = reader;
  }

  /**
   * The Beam schema of what {@code spec} reads, with a short-lived session: the pipeline needs it
   * when the read expands, before any worker runs.
   */
  public static Schema schemaAtExpansion(ReadSpec<?> spec) {
    Object owner = new Object();
    SessionLease lease;
    try {
      lease = SharedSessions.acquire(spec.connection(), owner);
    } catch (RuntimeException e) {
      throw new IllegalStateException(spec.describe() + " reads the table's schema while the pipeline is built and "
          + "could not: " + e.getMessage(), e);
    }
    try (lease) {
      return of(lease.session(), spec).reader.schema();
    }
  }

  /** The table of {@code spec} as {@code session} sees it now. */
  public static ReadTable of(CqlSession session, ReadSpec<?> spec) {
    TableName name = spec.table();
    String what = spec.describe();
    KeyspaceMetadata keyspace = session.getMetadata().getKeyspace(name.keyspaceId()).orElseThrow(() ->
        new IllegalArgumentException(what + ": keyspace '" + name.keyspace() + "' does not exist (keyspaces: "
            + names(session.getMetadata().getKeyspaces().keySet()) + ")"));
    TableMetadata table = keyspace.getTable(name.tableId()).orElseThrow(() ->
        new IllegalArgumentException(what + ": keyspace '" + name.keyspace() + "' has no table '" + name.table()
            + "' (tables: " + names(keyspace.getTables().keySet()) + ")"));
    for (String column : spec.columns()) {
      if (table.getColumn(CqlIdentifier.fromInternal(column)).isEmpty()) {
        throw new IllegalArgumentException(what + ": withColumns names '" + column + "', which is not a column of "
            + name + " (columns: " + names(table.getColumns().keySet()) + "; names are case-sensitive, as "
            + "system_schema shows them)");
      }
    }
    try {
      return new ReadTable(table, BeamRowReader.of(table, spec.columns()));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static String names(java.util.Collection<CqlIdentifier> ids) {
    return ids.stream().map(CqlIdentifier::asInternal).sorted().collect(Collectors.joining(", "));
  }

  public BeamRowReader reader() {
    return reader;
  }

  public TableMetadata metadata() {
    return metadata;
  }

  /** {@code SELECT <columns> FROM ks.t WHERE token(<partition key>) > ? AND token(...) <= ?}. */
  public String sliceQuery() {
    String token = "token(" + metadata.getPartitionKey().stream().map(ColumnMetadata::getName)
        .map(id -> id.asCql(true)).collect(Collectors.joining(", ")) + ")";
    return wholeTableQuery() + " WHERE " + token + " > ? AND " + token + " <= ?";
  }

  /** {@code SELECT <columns> FROM ks.t}: the whole table, for a ring without a usable token map. */
  public String wholeTableQuery() {
    List<CqlIdentifier> columns = reader.columns();
    return "SELECT " + columns.stream().map(id -> id.asCql(true)).collect(Collectors.joining(", ")) + " FROM "
        + metadata.getKeyspace().asCql(true) + "." + metadata.getName().asCql(true);
  }
}
