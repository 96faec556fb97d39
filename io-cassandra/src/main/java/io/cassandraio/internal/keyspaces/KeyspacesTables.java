package io.cassandraio.internal.keyspaces;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What exactly-once does differently on Amazon Keyspaces, on the answers of a {@link
 * KeyspacesCatalog}: waits for asynchronous DDL to finish (bounded), and refuses tables that lack
 * the custom properties it relies on, naming the {@code ALTER TABLE} that turns them on. One per
 * session (it remembers the tables it has checked); only for sessions that talk to Keyspaces.
 */
public final class KeyspacesTables {
  /** How long a CREATE or ALTER may take before the writer gives up: minutes are normal for Keyspaces. */
  public static final Duration DDL_TIMEOUT = Duration.ofMinutes(5);
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  private static final String ACTIVE = "ACTIVE";
  /** States a table passes through on its way to ACTIVE; any other (DELETING, ...) will not become ACTIVE. */
  private static final Set<String> TRANSIENT = Set.of("CREATING", "UPDATING");

  /** Pauses between polls; tests pass one that only advances their clock. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final KeyspacesCatalog catalog;
  private final Duration timeout;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Set<String> timestampsChecked = ConcurrentHashMap.newKeySet();

  KeyspacesTables(KeyspacesCatalog catalog, Duration timeout, LongSupplier nanoTime, Sleeper sleeper) {
    this.catalog = catalog;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /**
   * For {@code session} if it talks to Keyspaces ({@code preset}: the connection is {@code
   * forAmazonKeyspaces}; otherwise told by the service's {@code system_schema_mcs}), else null.
   */
  public static @Nullable KeyspacesTables of(CqlSession session, boolean preset) {
    if (!preset && !AmazonKeyspaces.detect(session)) {
      return null;
    }
    return new KeyspacesTables(KeyspacesCatalog.of(session), DDL_TIMEOUT, System::nanoTime,
        d -> Thread.sleep(d.toMillis()));
  }

  /** After CREATE KEYSPACE: until the keyspace is listed. Names in CQL form, as in the DDL. */
  public void awaitKeyspace(String keyspace, String ddl) {
    String ks = internal(keyspace);
    long start = nanoTime.getAsLong();
    while (!catalog.keyspaceExists(ks)) {
      pauseOrFail(start, () -> "Amazon Keyspaces creates keyspaces asynchronously, and keyspace " + keyspace
          + " was still not listed in system_schema_mcs.keyspaces " + timeout.toSeconds() + " s after: " + ddl);
    }
  }

  /**
   * Until the table's status is ACTIVE (after CREATE TABLE or ALTER TABLE, by this writer or
   * another); fails at once on a status that does not lead there. {@code what}: the table's role.
   */
  public void awaitActive(String keyspace, String table, String what) {
    String ks = internal(keyspace);
    String t = internal(table);
    long start = nanoTime.getAsLong();
    while (true) {
      String status = catalog.tableStatus(ks, t);
      if (ACTIVE.equalsIgnoreCase(status)) {
        return;
      }
      String name = keyspace + "." + table;
      if (status != null && !TRANSIENT.contains(status.toUpperCase())) {
        throw new IllegalStateException("CassandraIO: " + what + " " + name + " is " + status
            + " in Amazon Keyspaces, not ACTIVE");
      }
      pauseOrFail(start, () -> "Amazon Keyspaces runs DDL asynchronously, and " + what + " " + name + " was "
          + (status == null ? "still not listed" : "still " + status) + " in system_schema_mcs.tables after "
          + timeout.toSeconds() + " s (expected ACTIVE); see SELECT status FROM system_schema_mcs.tables WHERE "
          + "keyspace_name = '" + ks + "' AND table_name = '" + t + "'");
    }
  }

  /** The checkpoint table writes with TTLs, which Keyspaces refuses unless the table has TTL turned on. */
  public void requireTtl(String keyspace, String table) {
    if (!enabled(internal(keyspace), internal(table), "ttl")) {
      throw new IllegalStateException("CassandraIO exactly-once: the checkpoint table " + keyspace + "." + table
          + " records micro-batch ids with a TTL, but Amazon Keyspaces has TTL turned off for it. Turn it on "
          + "with: " + enableDdl(keyspace + "." + table, "ttl"));
    }
  }

  /**
   * Exactly-once writes each micro-batch at a timestamp of its own, so that a replay changes
   * nothing; Keyspaces honours a client's timestamps only on tables with client-side timestamps
   * turned on. Checked once per table, on the first statement that writes to it.
   */
  public void requireClientSideTimestamps(BoundStatement statement, String write) { // write: for the message
    ColumnDefinitions variables = statement.getPreparedStatement().getVariableDefinitions();
    if (variables.size() == 0) {
      return; // no bind marker, no table named: nothing to check against
    }
    CqlIdentifier ks = variables.get(0).getKeyspace();
    CqlIdentifier table = variables.get(0).getTable();
    String key = ks.asInternal() + "." + table.asInternal();
    if (timestampsChecked.contains(key)) {
      return;
    }
    if (!enabled(ks.asInternal(), table.asInternal(), "client_side_timestamps")) {
      String name = ks.asCql(true) + "." + table.asCql(true);
      throw new IllegalStateException(write + " writes every micro-batch at a fixed client-side "
          + "timestamp, so that a replayed batch changes nothing; but the Amazon Keyspaces table " + name
          + " has client-side timestamps turned off, and would not keep them. Turn them on (a one-time change "
          + "that cannot be undone) with: " + enableDdl(name, "client_side_timestamps"));
    }
    timestampsChecked.add(key);
  }

  /** {@code ALTER TABLE ... WITH CUSTOM_PROPERTIES} turning {@code property} on. */
  static String enableDdl(String table, String property) {
    return "ALTER TABLE " + table + " WITH CUSTOM_PROPERTIES = {'" + property + "': {'status': 'enabled'}};";
  }

  private boolean enabled(String keyspace, String table, String property) {
    Map<String, String> settings = catalog.customProperties(keyspace, table).get(property);
    return settings != null && "enabled".equalsIgnoreCase(settings.get("status"));
  }

  private void pauseOrFail(long start, java.util.function.Supplier<String> timedOut) {
    if (nanoTime.getAsLong() - start >= timeout.toNanos()) {
      throw new IllegalStateException("CassandraIO: " + timedOut.get());
    }
    try {
      sleeper.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("CassandraIO: interrupted while waiting for Amazon Keyspaces DDL", e);
    }
  }

  /** A CQL name (quoted if it must be) as system tables hold it. */
  private static String internal(String cqlName) {
    return CqlIdentifier.fromCql(cqlName).asInternal();
  }
}
