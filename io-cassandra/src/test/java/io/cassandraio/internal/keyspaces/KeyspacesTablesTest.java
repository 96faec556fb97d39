package io.cassandraio.internal.keyspaces;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Test;

/**
 * The Keyspaces-only branches of exactly-once, on a fake {@code system_schema_mcs}: waiting for
 * asynchronous DDL (bounded, on a fake clock) and refusing tables without TTL or client-side
 * timestamps, naming the ALTER TABLE.
 */
public class KeyspacesTablesTest {
  /** A scripted system_schema_mcs: each table's statuses in the order successive polls see them. */
  private static final class FakeCatalog implements KeyspacesCatalog {
    final Map<String, Deque<String>> statuses = new HashMap<>();
    final Map<String, Map<String, Map<String, String>>> properties = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    int keyspacePollsUntilListed;

    FakeCatalog status(String table, String... seen) {
      statuses.put(table, new ArrayDeque<>(List.of(seen)));
      return this;
    }

    FakeCatalog property(String table, String property, String status) {
      properties.computeIfAbsent(table, t -> new HashMap<>()).put(property, Map.of("status", status));
      return this;
    }

    @Override
    public boolean keyspaceExists(String keyspace) {
      asked.add("keyspace " + keyspace);
      return keyspacePollsUntilListed-- <= 0;
    }

    @Override
    public @Nullable String tableStatus(String keyspace, String table) {
      asked.add("status " + keyspace + "." + table);
      Deque<String> seen = statuses.get(keyspace + "." + table);
      if (seen == null || seen.isEmpty()) {
        return null;
      }
      String status = seen.size() > 1 ? seen.poll() : seen.peek();
      return status.equals("-") ? null : status;
    }

    @Override
    public Map<String, Map<String, String>> customProperties(String keyspace, String table) {
      asked.add("properties " + keyspace + "." + table);
      return properties.getOrDefault(keyspace + "." + table, Map.of());
    }
  }

  private final FakeCatalog catalog = new FakeCatalog();
  private long now;
  private final List<Duration> sleeps = new ArrayList<>();
  private final KeyspacesTables tables = new KeyspacesTables(catalog, Duration.ofSeconds(10), () -> now, d -> {
    sleeps.add(d);
    now += d.toNanos();
  });

  @Test
  public void waitsUntilTheTableIsActive() {
    catalog.status("cassandraio.committed_batches", "-", "CREATING", "CREATING", "ACTIVE");
    tables.awaitActive("cassandraio", "committed_batches", "the checkpoint table");
    assertEquals("three polls before ACTIVE, one second apart", 3, sleeps.size());
    assertEquals(Duration.ofSeconds(1), sleeps.get(0));
  }

  @Test
  public void anAlteredTableIsWaitedForToo() {
    catalog.status("ks.t", "UPDATING", "ACTIVE");
    tables.awaitActive("ks", "t", "the checkpoint table");
    assertEquals(1, sleeps.size());
  }

  @Test
  public void givesUpAfterTheTimeoutNamingTheTableItsStatusAndTheQuery() {
    catalog.status("ks.t", "CREATING");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> tables.awaitActive("ks", "t", "the checkpoint table"));
    assertEquals("CassandraIO: Amazon Keyspaces runs DDL asynchronously, and the checkpoint table ks.t was still "
        + "CREATING in system_schema_mcs.tables after 10 s (expected ACTIVE); see SELECT status FROM "
        + "system_schema_mcs.tables WHERE keyspace_name = 'ks' AND table_name = 't'", e.getMessage());
    assertEquals("bounded: one poll a second for 10 s", 10, sleeps.size());
  }

  @Test
  public void aStatusThatLeadsNowhereFailsAtOnce() {
    catalog.status("ks.t", "DELETING");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> tables.awaitActive("ks", "t", "the checkpoint table"));
    assertEquals("CassandraIO: the checkpoint table ks.t is DELETING in Amazon Keyspaces, not ACTIVE", e.getMessage());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  public void quotedNamesAreLookedUpByTheirInternalForm() {
    catalog.status("MyKs.Batches", "ACTIVE");
    tables.awaitActive("\"MyKs\"", "\"Batches\"", "the checkpoint table");
    assertEquals(List.of("status MyKs.Batches"), catalog.asked);
  }

  @Test
  public void waitsUntilACreatedKeyspaceIsListed() {
    catalog.keyspacePollsUntilListed = 2;
    tables.awaitKeyspace("cassandraio", "CREATE KEYSPACE ...");
    assertEquals(2, sleeps.size());
    catalog.keyspacePollsUntilListed = 1000;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> tables.awaitKeyspace("other", "CREATE KEYSPACE IF NOT EXISTS other ..."));
    assertEquals("CassandraIO: Amazon Keyspaces creates keyspaces asynchronously, and keyspace other was still not "
        + "listed in system_schema_mcs.keyspaces 10 s after: CREATE KEYSPACE IF NOT EXISTS other ...", e.getMessage());
  }

  @Test
  public void theCheckpointTableNeedsTtlTurnedOn() {
    catalog.property("ks.ok", "ttl", "enabled");
    tables.requireTtl("ks", "ok");
    catalog.property("ks.off", "ttl", "disabled");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tables.requireTtl("ks", "off"));
    assertEquals("CassandraIO exactly-once: the checkpoint table ks.off records micro-batch ids with a TTL, but "
        + "Amazon Keyspaces has TTL turned off for it. Turn it on with: ALTER TABLE ks.off WITH CUSTOM_PROPERTIES = "
        + "{'ttl': {'status': 'enabled'}};", e.getMessage());
    assertThrows("no custom properties at all", IllegalStateException.class, () -> tables.requireTtl("ks", "none"));
  }

  private static BoundStatement writingTo(String keyspace, String table) {
    BoundStatement s = mock(BoundStatement.class, RETURNS_DEEP_STUBS);
    when(s.getPreparedStatement().getVariableDefinitions().size()).thenReturn(2);
    when(s.getPreparedStatement().getVariableDefinitions().get(0).getKeyspace())
        .thenReturn(CqlIdentifier.fromInternal(keyspace));
    when(s.getPreparedStatement().getVariableDefinitions().get(0).getTable())
        .thenReturn(CqlIdentifier.fromInternal(table));
    return s;
  }

  @Test
  public void aTableWithoutClientSideTimestampsIsRefusedNamingTheAlterTable() {
    catalog.property("shop.Orders", "client_side_timestamps", "disabled");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> tables.requireClientSideTimestamps(writingTo("shop", "Orders"), "CassandraIO.write(INSERT ...)"));
    assertEquals("CassandraIO.write(INSERT ...) writes every micro-batch at a fixed client-side timestamp, so that a "
        + "replayed batch changes nothing; but the Amazon Keyspaces table shop.\"Orders\" has client-side timestamps "
        + "turned off, and would not keep them. Turn them on (a one-time change that cannot be undone) with: "
        + "ALTER TABLE shop.\"Orders\" WITH CUSTOM_PROPERTIES = {'client_side_timestamps': {'status': 'enabled'}};",
        e.getMessage());
  }

  @Test
  public void aTableWithClientSideTimestampsIsAskedAboutOnce() {
    catalog.property("shop.orders", "client_side_timestamps", "enabled");
    for (int i = 0; i < 3; i++) {
      tables.requireClientSideTimestamps(writingTo("shop", "orders"), "w");
    }
    assertEquals(List.of("properties shop.orders"), catalog.asked);
  }
}
