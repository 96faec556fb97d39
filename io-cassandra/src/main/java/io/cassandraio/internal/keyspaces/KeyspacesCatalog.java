package io.cassandraio.internal.keyspaces;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What Amazon Keyspaces tells of its keyspaces and tables in {@code system_schema_mcs}: whether a
 * keyspace exists yet, a table's status (DDL is asynchronous there) and its custom properties
 * ({@code ttl}, {@code client_side_timestamps}, ...). Names are internal (unquoted) ones. An
 * interface so that the decisions taken on these answers are tested without the service.
 */
public interface KeyspacesCatalog {
  boolean keyspaceExists(String keyspace);

  /** {@code ACTIVE}, {@code CREATING}, {@code UPDATING}, ...; null while the table is not listed. */
  @Nullable String tableStatus(String keyspace, String table);

  /** Property name to its settings, e.g. {@code client_side_timestamps -> {status -> enabled}}; empty if none. */
  Map<String, Map<String, String>> customProperties(String keyspace, String table);

  /** The real one, over {@code session}'s queries. */
  static KeyspacesCatalog of(CqlSession session) {
    return new KeyspacesCatalog() {
      @Override
      public boolean keyspaceExists(String keyspace) {
        return session.execute(SimpleStatement.newInstance(
            "SELECT keyspace_name FROM system_schema_mcs.keyspaces WHERE keyspace_name = ?", keyspace)).one() != null;
      }

      @Override
      public @Nullable String tableStatus(String keyspace, String table) {
        Row row = tableRow(keyspace, table);
        return row == null ? null : row.getString("status");
      }

      @Override
      public Map<String, Map<String, String>> customProperties(String keyspace, String table) {
        Row row = tableRow(keyspace, table);
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        // Read untyped: map<text, frozen<map<text, text>>> as documented, but a change of value
        // type must not break the check.
        if (row != null && row.getObject("custom_properties") instanceof Map<?, ?> all) {
          all.forEach((name, settings) -> {
            Map<String, String> values = new LinkedHashMap<>();
            if (settings instanceof Map<?, ?> map) {
              map.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
            }
            properties.put(String.valueOf(name), values);
          });
        }
        return properties;
      }

      private @Nullable Row tableRow(String keyspace, String table) {
        return session.execute(SimpleStatement.newInstance("SELECT status, custom_properties FROM "
            + "system_schema_mcs.tables WHERE keyspace_name = ? AND table_name = ?", keyspace, table)).one();
      }
    };
  }
}
