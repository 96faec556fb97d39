package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.internal.statement.TableName;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;

/** {@code CassandraIO.schemaOf}: a table's Beam schema, read from the cluster's metadata. */
public final class TableSchemas {
  private TableSchemas() {}

  /**
   * The schema of every column of {@code table} ({@code table} or {@code keyspace.table}), as
   * {@link BeamRowReader} reads them. Holds a session only for the call: on the machine that builds
   * the pipeline nothing else keeps one open (a lease on the JVM's shared session, closed when
   * this was its only user).
   */
  public static Schema schemaOf(ConnectionSpec connection, String table) {
    TableName name = TableName.parse("schemaOf", table).orKeyspace(connection.keyspace());
    if (name.keyspace() == null) {
      throw new IllegalArgumentException("schemaOf(\"" + table + "\") needs a keyspace: write keyspace.table or set "
          + "CassandraConnection.withKeyspace(...)");
    }
    connection.validate();
    Object owner = new Object();
    try (SessionLease lease = SharedSessions.acquire(connection, owner)) {
      return BeamRowReader.of(tableOf(lease.session().getMetadata(), name), List.of()).schema();
    }
  }

  private static TableMetadata tableOf(Metadata metadata, TableName name) {
    KeyspaceMetadata keyspace = metadata.getKeyspace(name.keyspaceId()).orElseThrow(() ->
        new IllegalArgumentException("schemaOf: keyspace " + name.keyspace() + " does not exist (keyspaces: "
            + names(metadata.getKeyspaces().keySet()) + ")"));
    return keyspace.getTable(name.tableId()).orElseThrow(() ->
        new IllegalArgumentException("schemaOf: table " + name.keyspace() + "." + name.table() + " does not exist "
            + "(tables of " + name.keyspace() + ": " + names(keyspace.getTables().keySet()) + ")"));
  }

  private static String names(java.util.Collection<CqlIdentifier> ids) {
    return ids.stream().map(CqlIdentifier::asInternal).sorted().collect(Collectors.joining(", "));
  }
}
