package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.RelationMetadata;
import io.cassandraio.internal.schema.BeamRowReader;
import io.cassandraio.internal.schema.Relations;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.internal.statement.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The table (or materialized view) a read reads, from the driver's schema metadata: its metadata, the columns to select,
 * the {@link BeamRowReader} of the projection (for Beam rows; mapper entities read driver rows),
 * and the CQL of the split queries. Errors name the read, the keyspace, table or column, and what
 * exists instead.
 */
public final class ReadTable {
  private final RelationMetadata metadata;
  private final List<CqlIdentifier> columns;
  private final @Nullable BeamRowReader reader;

  private ReadTable(RelationMetadata metadata, List<CqlIdentifier> columns, @Nullable BeamRowReader reader) {
    this.metadata = metadata;
    this.columns = columns;
    this.reader = reader;
  }

  /**
   * The table of {@code spec} with a short-lived session: the pipeline needs its schema when the
   * read expands, before any worker runs, and a wrong name should fail there.
   */
  public static ReadTable atExpansion(ReadSpec<?> spec) {
    Object owner = new Object();
    SessionLease lease;
    try {
      lease = SharedSessions.acquire(spec.connection(), owner);
    } catch (RuntimeException e) {
      throw new IllegalStateException(spec.describe() + " reads the table's schema while the pipeline is built and "
          + "could not: " + e.getMessage(), e);
    }
    try (lease) {
      return of(lease.session(), spec);
    } finally {
      // A lease whose owner is collected is released (see SessionLease): keep the owner until the lease is closed.
      java.lang.ref.Reference.reachabilityFence(owner);
    }
  }

  /** The table of {@code spec} as {@code session} sees it now. */
  public static ReadTable of(CqlSession session, ReadSpec<?> spec) {
    TableName name = spec.table();
    String what = spec.describe();
    RelationMetadata table = Relations.find(session.getMetadata(), name, what);
    List<CqlIdentifier> columns = new ArrayList<>();
    for (String column : spec.columns()) {
      ColumnMetadata found = table.getColumn(CqlIdentifier.fromInternal(column)).orElseThrow(() ->
          new IllegalArgumentException(what + ": withColumns names '" + column + "', which is not a column of "
              + name + " (columns: " + Relations.names(table.getColumns().keySet()) + "; names are case-sensitive, as "
              + "system_schema shows them)"));
      columns.add(found.getName());
    }
    if (columns.isEmpty()) {
      columns.addAll(table.getColumns().keySet());
    }
    if (spec.entity() != null) {
      return new ReadTable(table, List.copyOf(columns), null);
    }
    try {
      BeamRowReader reader = BeamRowReader.of(table, spec.columns());
      return new ReadTable(table, reader.columns(), reader);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // A column without a Beam type (the columns' names were checked above).
      throw new IllegalArgumentException(what + ": " + e.getMessage() + (spec.columns().isEmpty()
          ? "; read the other columns: name them in withColumns(...)" : "; leave it out of withColumns"), e);
    }
  }

  /** The Beam row reader of the projection; null when the read maps driver rows to entities. */
  public @Nullable BeamRowReader reader() {
    return reader;
  }

  public RelationMetadata metadata() {
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
    return "SELECT " + columns.stream().map(id -> id.asCql(true)).collect(Collectors.joining(", ")) + " FROM "
        + metadata.getKeyspace().asCql(true) + "." + metadata.getName().asCql(true);
  }
}
