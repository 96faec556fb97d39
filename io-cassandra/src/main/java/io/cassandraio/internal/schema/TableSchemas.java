package io.cassandraio.internal.schema;

import com.datastax.oss.driver.api.core.metadata.schema.RelationMetadata;
import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.internal.statement.TableName;
import java.util.List;
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
      RelationMetadata relation = Relations.find(lease.session().getMetadata(), name, "schemaOf(" + name + ")");
      try {
        return BeamRowReader.of(relation, List.of()).schema();
      } catch (IllegalArgumentException e) { // a column without a Beam type
        throw new IllegalArgumentException("schemaOf(" + name + "): " + e.getMessage() + "; CassandraIO.read()"
            + ".withColumns(...) reads the other columns, and withRows writes Rows without it", e);
      }
    } finally {
      // A lease whose owner is collected is released (see SessionLease): keep the owner until the lease is closed.
      java.lang.ref.Reference.reachabilityFence(owner);
    }
  }
}
