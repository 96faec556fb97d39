package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.RelationMetadata;
import io.cassandraio.internal.statement.TableName;
import java.util.Collection;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the table (or materialized view) a read or {@code schemaOf} names, in the driver's
 * metadata, with one error text for both: what does not exist and what does, each name as
 * {@code withTable} takes it.
 */
public final class Relations {
  private Relations() {}

  /**
   * The table or materialized view {@code name} (a view reads like a table; the driver keeps the
   * two apart). {@code caller} starts the error message, e.g. {@code CassandraIO.read(ks.t)}.
   */
  public static RelationMetadata find(Metadata metadata, TableName name, String caller) {
    KeyspaceMetadata keyspace = metadata.getKeyspace(name.keyspaceId()).orElseThrow(() ->
        new IllegalArgumentException(caller + ": keyspace '" + name.keyspace() + "' does not exist (keyspaces: "
            + names(metadata.getKeyspaces().keySet()) + ")"));
    return keyspace.getTable(name.tableId()).<RelationMetadata>map(t -> t)
        .or(() -> keyspace.getView(name.tableId())).orElseThrow(() ->
            new IllegalArgumentException(caller + ": keyspace '" + name.keyspace() + "' has no table '" + name.table()
                + "' (tables: " + cqlNames(keyspace.getTables().keySet(), keyspace.getViews().keySet()) + ")"));
  }

  /** Names as system_schema shows them, sorted. */
  public static String names(Collection<CqlIdentifier> ids) {
    return ids.stream().map(CqlIdentifier::asInternal).sorted().collect(Collectors.joining(", "));
  }

  /** As withTable takes them: a case-sensitive name quoted. */
  private static String cqlNames(Collection<CqlIdentifier> tables, Collection<CqlIdentifier> views) {
    return Stream.concat(tables.stream(), views.stream()).map(id -> id.asCql(true)).sorted()
        .collect(Collectors.joining(", "));
  }
}
