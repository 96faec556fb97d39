package io.cassandraio.internal.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.statement.InvalidWriteConfigurationException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a write whose user may not write its table before anything is sent, naming the table,
 * the user and the GRANT that fixes it. Without this the first bundle's statements fail one by
 * one with {@code Unauthorized}, after the job has started (and in REPORT mode every element
 * would be reported as a bad one).
 *
 * <p>Cassandra has no "may I?" query, so the check asks what the user may do, with statements any
 * user may run about itself: {@code LIST MODIFY ON TABLE ks.t OF 'user'} lists MODIFY granted on the
 * table, its keyspace or ALL KEYSPACES, to the user or to any role granted to it; a superuser has
 * no such grant and is recognised by {@code LIST ROLES OF 'user'}. Runs once per session and table.
 * When the user is unknown ({@code withAuthProvider}) or the server does not answer these
 * statements (no authorizer, another implementation of CQL, a role that may not list its own
 * permissions), the check is skipped with a DEBUG line, and a missing permission shows as the
 * server's {@code Unauthorized} error, which is never retried.
 */
final class ModifyPermission {
  private static final Logger LOG = LoggerFactory.getLogger(ModifyPermission.class);

  private ModifyPermission() {}

  /** Checks every table {@code prepared} writes, for {@code user} (null: unknown, nothing checked). */
  static void require(SessionLease lease, @Nullable String user, PreparedStatement prepared) {
    if (user == null) {
      return;
    }
    for (String table : tablesOf(prepared)) {
      // Cached per session (one user per session): a failed check is not cached and fails again.
      lease.perSession("modify-permission:" + table, session -> check(session, user, table));
    }
  }

  /** {@code keyspace.table} of every table whose columns the statement binds, in CQL form. */
  static Set<String> tablesOf(PreparedStatement prepared) {
    Set<String> tables = new LinkedHashSet<>();
    for (ColumnDefinition column : prepared.getVariableDefinitions()) {
      tables.add(column.getKeyspace().asCql(true) + "." + column.getTable().asCql(true));
    }
    return tables;
  }

  private static Boolean check(CqlSession session, String user, String table) {
    String role = literal(user);
    try {
      if (!session.execute("LIST MODIFY ON TABLE " + table + " OF " + role).all().isEmpty()) {
        return true;
      }
      for (Row r : session.execute("LIST ROLES OF " + role)) {
        if (r.getBoolean("super")) {
          return true;
        }
      }
    } catch (DriverException | IllegalArgumentException e) {
      // Not an answer either way (IllegalArgumentException: a LIST ROLES without a 'super' column).
      LOG.debug("CassandraIO: cannot check whether user '{}' may modify {} ({}); a missing permission will show "
          + "when the first statement is written", user, table, e.toString());
      return false;
    }
    throw new InvalidWriteConfigurationException("CassandraIO: user '" + user + "' may not write to " + table
        + ": it has no MODIFY permission on the table, its keyspace or ALL KEYSPACES, neither itself nor "
        + "through a role granted to it. An administrator can grant it with: GRANT MODIFY ON TABLE " + table
        + " TO " + CqlIdentifier.fromInternal(user).asCql(true));
  }

  /** A role name as a CQL string literal: taken exactly as the user logged in with it. */
  private static String literal(String name) {
    return "'" + name.replace("'", "''") + "'";
  }
}
