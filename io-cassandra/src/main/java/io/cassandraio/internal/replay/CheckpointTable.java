package io.cassandraio.internal.replay;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.querybuilder.SchemaBuilder;
import com.datastax.oss.driver.api.querybuilder.schema.compaction.TimeWindowCompactionStrategy.CompactionWindowUnit;
import io.cassandraio.BatchId;
import io.cassandraio.internal.keyspaces.KeyspacesTables;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The checkpoint-id table: which micro-batches of which sink were committed. One table serves
 * every job and sink (keyed by sink id, epoch and shard); ids expire with a TTL, so old epochs
 * leave no clutter. Created if missing, with the replication the user chose (or
 * NetworkTopologyStrategy, every datacenter at min(3, its nodes)), never a forced RF=1. Every
 * query is prepared.
 */
public final class CheckpointTable implements CheckpointStore {
  // The permission probe's sink id: no real one can contain '/'.
  private static final String PROBE_SINK_ID = "cassandraio/permission-probe";
  private static final int PROBE_TTL_SECONDS = 60;
  private static final String SINK_ID = "sink_id";
  private static final String EPOCH = "epoch";
  private static final String SHARD = "shard";
  private static final String SEQ = "seq";
  private static final String COMMITTED_AT = "committed_at";
  private static final String FINGERPRINT = "fingerprint";

  private final CqlSession session;
  private final String qualifiedName;
  /** The user as GRANT statements name it, or a placeholder. */
  private final String grantee;
  private final ConsistencyLevel consistency;
  private final int ttlSeconds;
  private final PreparedStatement lookup;
  private final PreparedStatement record;

  private CheckpointTable(CqlSession session, String keyspace, String table, ConsistencyLevel consistency,
      int ttlSeconds, String grantee) {
    this.session = session;
    this.qualifiedName = keyspace + "." + table;
    this.grantee = grantee;
    this.consistency = consistency;
    this.ttlSeconds = ttlSeconds;
    this.lookup = session.prepare(lookupCql(keyspace, table));
    this.record = session.prepare(recordCql(keyspace, table));
  }

  /**
   * Opens the table, creating keyspace and table first if {@code create} and they are missing.
   * Fails naming the table, the missing permission and the CQL an administrator can run.
   */
  public static CheckpointTable open(CqlSession session, String keyspace, String table,
      @Nullable Map<String, String> replication, boolean create, ConsistencyLevel consistency, Duration ttl) {
    return open(session, keyspace, table, replication, create, consistency, ttl, KeyspacesTables.of(session, false));
  }

  /**
   * {@code keyspaces}: non-null when the session talks to Amazon Keyspaces. There DDL is
   * asynchronous (each CREATE or ALTER is waited for until the table is ACTIVE), the default
   * replication is {@code SingleRegionStrategy}, the table is created with TTL turned on (Keyspaces
   * refuses TTLs otherwise) and without a compaction strategy (it manages storage itself). Nothing
   * here truncates, on any service: Keyspaces has no TRUNCATE, and ids expire by TTL.
   */
  public static CheckpointTable open(CqlSession session, String keyspace, String table,
      @Nullable Map<String, String> replication, boolean create, ConsistencyLevel consistency, Duration ttl,
      @Nullable KeyspacesTables keyspaces) {
    return open(session, keyspace, table, replication, create, consistency, ttl, keyspaces, null);
  }

  /** As above; {@code user}, when known, is named in the GRANT statements of permission errors. */
  public static CheckpointTable open(CqlSession session, String keyspace, String table,
      @Nullable Map<String, String> replication, boolean create, ConsistencyLevel consistency, Duration ttl,
      @Nullable KeyspacesTables keyspaces, @Nullable String user) {
    String name = keyspace + "." + table;
    String grantee = user == null ? "<user>" : CqlIdentifier.fromInternal(user).asCql(true);
    Optional<KeyspaceMetadata> ks = session.getMetadata().getKeyspace(keyspace);
    Optional<TableMetadata> existing = ks.flatMap(k -> k.getTable(table));
    if (existing.isPresent() && existing.get().getColumn(FINGERPRINT).isEmpty()) {
      addFingerprintColumn(session, keyspace, table, create);
    }
    if (existing.isEmpty()) {
      String keyspaceDdl = keyspaceDdl(keyspace, replication != null ? replication
          : keyspaces != null ? KEYSPACES_REPLICATION : defaultReplication(session));
      String tableDdl = keyspaces != null ? keyspacesTableDdl(keyspace, table, ttl) : tableDdl(keyspace, table, ttl);
      if (!create) {
        throw new IllegalStateException("CassandraIO exactly-once: the checkpoint table " + name + " does not exist "
            + "and withCreateTable(false) is set. Create it with: " + (ks.isPresent() ? "" : keyspaceDdl + "; ")
            + tableDdl);
      }
      try {
        if (ks.isEmpty()) {
          session.execute(SimpleStatement.newInstance(keyspaceDdl).setTimeout(Duration.ofSeconds(60)));
          if (keyspaces != null) {
            keyspaces.awaitKeyspace(keyspace, keyspaceDdl);
          }
        }
        session.execute(SimpleStatement.newInstance(tableDdl).setTimeout(Duration.ofSeconds(60)));
      } catch (UnauthorizedException e) {
        // Whoever creates a table may read and write it: CREATE is all a creating user needs.
        throw new IllegalStateException("CassandraIO exactly-once: not allowed to create the checkpoint table " + name
            + " (" + e.getMessage() + "). Either an administrator creates it and lets this user use it (SELECT and "
            + "MODIFY): " + (ks.isPresent() ? "" : keyspaceDdl + "; ") + tableDdl + "; " + grants(name, grantee)
            + "; or grants this user CREATE ON " + (ks.isPresent() ? "KEYSPACE " + keyspace : "ALL KEYSPACES")
            + " (its creator may read and write the table). An existing table is used as it is; with "
            + "withCreateTable(false) a missing one fails instead of being created.", e);
      }
    }
    if (keyspaces != null) { // created or altered just now, here or by another writer: usable once ACTIVE
      keyspaces.awaitActive(keyspace, table, "the checkpoint table");
      keyspaces.requireTtl(keyspace, table);
    }
    try {
      CheckpointTable checkpoints = new CheckpointTable(session, keyspace, table, consistency,
          Math.toIntExact(ttl.toSeconds()), grantee);
      checkpoints.probe();
      return checkpoints;
    } catch (UnauthorizedException e) {
      throw notPermitted(name, grantee, e);
    }
  }

  private static String grants(String name, String grantee) {
    return "GRANT SELECT ON TABLE " + name + " TO " + grantee + "; GRANT MODIFY ON TABLE " + name + " TO " + grantee;
  }

  /** Tables created before fingerprints were recorded get the column (old rows keep none: never a mismatch). */
  private static void addFingerprintColumn(CqlSession session, String keyspace, String table, boolean create) {
    String name = keyspace + "." + table;
    String ddl = addFingerprintDdl(keyspace, table);
    if (!create) {
      throw new IllegalStateException("CassandraIO exactly-once: the checkpoint table " + name + " has no column "
          + FINGERPRINT + " and withCreateTable(false) is set. Add it with: " + ddl);
    }
    try {
      session.execute(SimpleStatement.newInstance(ddl).setTimeout(Duration.ofSeconds(60)));
    } catch (InvalidQueryException e) {
      // Another writer may have added it meanwhile: only then is this not an error.
      boolean added = session.refreshSchema().getKeyspace(keyspace).flatMap(k -> k.getTable(table))
          .flatMap(t -> t.getColumn(FINGERPRINT)).isPresent();
      if (!added) {
        throw e;
      }
    } catch (UnauthorizedException e) {
      throw new IllegalStateException("CassandraIO exactly-once: not allowed to add the column " + FINGERPRINT
          + " to the checkpoint table " + name + " (" + e.getMessage() + "). Ask an administrator to run: " + ddl, e);
    }
  }

  /**
   * Cassandra checks permissions when a statement is executed, not when it is prepared: one
   * lookup and one short-lived record under a sink id no write can have (sink ids have no '/'),
   * so that a missing SELECT or MODIFY fails here, before any data is written, and not after a
   * batch was written but could not be recorded (a retry would then apply it again).
   */
  private void probe() {
    session.execute(lookup.bind(PROBE_SINK_ID, "probe", 0, 0L).setConsistencyLevel(consistency).setIdempotent(true));
    session.execute(record.bind(PROBE_SINK_ID, "probe", 0, 0L, Instant.now(), 0L, PROBE_TTL_SECONDS)
        .setConsistencyLevel(consistency).setIdempotent(true));
  }

  private static IllegalStateException notPermitted(String name, String grantee, UnauthorizedException e) {
    return new IllegalStateException("CassandraIO exactly-once: this user may not read or write the checkpoint table "
        + name + " (" + e.getMessage() + "): it needs SELECT and MODIFY on it: " + grants(name, grantee) + ".", e);
  }

  /** An UnauthorizedException of a lookup or record (permissions revoked meanwhile) says which grant is missing. */
  private <R> CompletionStage<R> explained(CompletionStage<R> stage) {
    return stage.handle((result, error) -> {
      if (error == null) {
        return result;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof UnauthorizedException unauthorized) {
        throw new CompletionException(notPermitted(qualifiedName, grantee, unauthorized));
      }
      throw error instanceof CompletionException completion ? completion : new CompletionException(cause);
    });
  }

  @Override
  public CompletionStage<Commit> lookUp(BatchId id) {
    return explained(session.executeAsync(lookup.bind(id.sinkId(), id.epoch(), id.shard(), id.sequence())
            .setConsistencyLevel(consistency).setIdempotent(true))
        .thenApply(rs -> {
          Row row = rs.one();
          if (row == null) {
            return Commit.NONE;
          }
          return row.isNull(0) ? Commit.UNKNOWN_CONTENTS : new Commit(true, row.getLong(0));
        }));
  }

  /** With the table's TTL. */
  @Override
  public CompletionStage<AsyncResultSet> record(BatchId id, @Nullable Long fingerprint) {
    return explained(session.executeAsync(record.bind(id.sinkId(), id.epoch(), id.shard(), id.sequence(),
            Instant.now(), fingerprint, ttlSeconds)
        .setConsistencyLevel(consistency).setIdempotent(true)));
  }

  @Override
  public String describe() {
    return qualifiedName;
  }

  /** Parameters: sink id, epoch, shard, seq. */
  static String lookupCql(String keyspace, String table) {
    return selectFrom(keyspace, table).column(FINGERPRINT)
        .whereColumn(SINK_ID).isEqualTo(bindMarker())
        .whereColumn(EPOCH).isEqualTo(bindMarker())
        .whereColumn(SHARD).isEqualTo(bindMarker())
        .whereColumn(SEQ).isEqualTo(bindMarker())
        .asCql();
  }

  /** Parameters: sink id, epoch, shard, seq, committed at, fingerprint, TTL in seconds. */
  static String recordCql(String keyspace, String table) {
    return insertInto(keyspace, table)
        .value(SINK_ID, bindMarker())
        .value(EPOCH, bindMarker())
        .value(SHARD, bindMarker())
        .value(SEQ, bindMarker())
        .value(COMMITTED_AT, bindMarker())
        .value(FINGERPRINT, bindMarker())
        .usingTtl(bindMarker())
        .asCql();
  }

  /**
   * 'class' first, then the other entries sorted: the same DDL (and error message) for the same
   * map. The schema builder puts option strings between quotes without escaping them (driver
   * 4.17), so quotes are doubled here.
   */
  static String keyspaceDdl(String keyspace, Map<String, String> replication) {
    Map<String, Object> options = new LinkedHashMap<>();
    replication.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, String>, Boolean>comparing(e -> !"class".equals(e.getKey()))
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> options.put(e.getKey().replace("'", "''"), e.getValue().replace("'", "''")));
    return SchemaBuilder.createKeyspace(keyspace).ifNotExists().withReplicationOptions(options).asCql();
  }

  static String tableDdl(String keyspace, String table, Duration ttl) {
    // Time-window compaction: every row expires by TTL, so whole SSTables drop at once.
    return SchemaBuilder.createTable(keyspace, table).ifNotExists()
        .withPartitionKey(SINK_ID, DataTypes.TEXT)
        .withPartitionKey(EPOCH, DataTypes.TEXT)
        .withPartitionKey(SHARD, DataTypes.INT)
        .withClusteringColumn(SEQ, DataTypes.BIGINT)
        .withColumn(COMMITTED_AT, DataTypes.TIMESTAMP)
        .withColumn(FINGERPRINT, DataTypes.BIGINT)
        .withDefaultTimeToLiveSeconds(Math.toIntExact(ttl.toSeconds()))
        .withCompaction(SchemaBuilder.timeWindowCompactionStrategy().withCompactionWindow(1, CompactionWindowUnit.DAYS))
        .asCql();
  }

  /**
   * On Amazon Keyspaces: TTL turned on as a custom property (Keyspaces refuses TTLs without it),
   * no compaction strategy (Keyspaces manages storage itself).
   */
  static String keyspacesTableDdl(String keyspace, String table, Duration ttl) {
    return SchemaBuilder.createTable(keyspace, table).ifNotExists()
        .withPartitionKey(SINK_ID, DataTypes.TEXT)
        .withPartitionKey(EPOCH, DataTypes.TEXT)
        .withPartitionKey(SHARD, DataTypes.INT)
        .withClusteringColumn(SEQ, DataTypes.BIGINT)
        .withColumn(COMMITTED_AT, DataTypes.TIMESTAMP)
        .withColumn(FINGERPRINT, DataTypes.BIGINT)
        .withDefaultTimeToLiveSeconds(Math.toIntExact(ttl.toSeconds()))
        .withOption("custom_properties", Map.of("ttl", Map.of("status", "enabled")))
        .asCql();
  }

  static String addFingerprintDdl(String keyspace, String table) {
    return SchemaBuilder.alterTable(keyspace, table).addColumn(FINGERPRINT, DataTypes.BIGINT).asCql();
  }

  /** Amazon Keyspaces' replication of a keyspace in one Region (it keeps three copies itself). */
  static final Map<String, String> KEYSPACES_REPLICATION = Map.of("class", "SingleRegionStrategy");

  /** Every datacenter the driver sees, each at min(3, its nodes). */
  static Map<String, String> defaultReplication(CqlSession session) {
    Map<String, Long> nodesPerDc = session.getMetadata().getNodes().values().stream()
        .filter(n -> n.getDatacenter() != null)
        .collect(Collectors.groupingBy(Node::getDatacenter, Collectors.counting()));
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put("class", "NetworkTopologyStrategy");
    nodesPerDc.forEach((dc, nodes) -> replication.put(dc, Long.toString(Math.min(3, nodes))));
    return replication;
  }
}
