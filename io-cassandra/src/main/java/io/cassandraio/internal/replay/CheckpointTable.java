package io.cassandraio.internal.replay;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
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
import io.cassandraio.BatchId;
import java.time.Duration;
import java.time.Instant;
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
  private static final String FINGERPRINT = "fingerprint";

  private final CqlSession session;
  private final String qualifiedName;
  private final ConsistencyLevel consistency;
  private final int ttlSeconds;
  private final PreparedStatement lookup;
  private final PreparedStatement record;

  private CheckpointTable(CqlSession session, String qualifiedName, ConsistencyLevel consistency, int ttlSeconds) {
    this.session = session;
    this.qualifiedName = qualifiedName;
    this.consistency = consistency;
    this.ttlSeconds = ttlSeconds;
    this.lookup = session.prepare("SELECT " + FINGERPRINT + " FROM " + qualifiedName
        + " WHERE sink_id = ? AND epoch = ? AND shard = ? AND seq = ?");
    this.record = session.prepare("INSERT INTO " + qualifiedName
        + " (sink_id, epoch, shard, seq, committed_at, " + FINGERPRINT + ") VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
  }

  /**
   * Opens the table, creating keyspace and table first if {@code create} and they are missing.
   * Fails naming the table, the missing permission and the CQL an administrator can run.
   */
  public static CheckpointTable open(CqlSession session, String keyspace, String table,
      @Nullable Map<String, String> replication, boolean create, ConsistencyLevel consistency, Duration ttl) {
    String name = keyspace + "." + table;
    Optional<KeyspaceMetadata> ks = session.getMetadata().getKeyspace(keyspace);
    Optional<TableMetadata> existing = ks.flatMap(k -> k.getTable(table));
    if (existing.isPresent() && existing.get().getColumn(FINGERPRINT).isEmpty()) {
      addFingerprintColumn(session, keyspace, table, create);
    }
    if (existing.isEmpty()) {
      String keyspaceDdl = "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = "
          + replicationCql(replication == null ? defaultReplication(session) : replication);
      String tableDdl = tableDdl(name, ttl);
      if (!create) {
        throw new IllegalStateException("CassandraIO exactly-once: the checkpoint table " + name + " does not exist "
            + "and withCreateTable(false) is set. Create it with: " + (ks.isPresent() ? "" : keyspaceDdl + "; ")
            + tableDdl);
      }
      try {
        if (ks.isEmpty()) {
          session.execute(SimpleStatement.newInstance(keyspaceDdl).setTimeout(Duration.ofSeconds(60)));
        }
        session.execute(SimpleStatement.newInstance(tableDdl).setTimeout(Duration.ofSeconds(60)));
      } catch (UnauthorizedException e) {
        throw new IllegalStateException("CassandraIO exactly-once: not allowed to create the checkpoint table " + name
            + " (" + e.getMessage() + "). Ask an administrator to run: " + (ks.isPresent() ? "" : keyspaceDdl + "; ")
            + tableDdl + "; and grant this user SELECT and MODIFY on it; or point withCheckpointTable at an "
            + "existing table and set withCreateTable(false).", e);
      }
    }
    try {
      CheckpointTable checkpoints = new CheckpointTable(session, name, consistency, Math.toIntExact(ttl.toSeconds()));
      checkpoints.probe();
      return checkpoints;
    } catch (UnauthorizedException e) {
      throw notPermitted(name, e);
    }
  }

  /** Tables created before fingerprints were recorded get the column (old rows keep none: never a mismatch). */
  private static void addFingerprintColumn(CqlSession session, String keyspace, String table, boolean create) {
    String name = keyspace + "." + table;
    String ddl = "ALTER TABLE " + name + " ADD " + FINGERPRINT + " bigint";
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

  private static IllegalStateException notPermitted(String name, UnauthorizedException e) {
    return new IllegalStateException("CassandraIO exactly-once: this user may not read or write the checkpoint table "
        + name + " (" + e.getMessage() + "): grant it SELECT and MODIFY on " + name + ".", e);
  }

  /** An UnauthorizedException of a lookup or record (permissions revoked meanwhile) says which grant is missing. */
  private <R> CompletionStage<R> explained(CompletionStage<R> stage) {
    return stage.handle((result, error) -> {
      if (error == null) {
        return result;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof UnauthorizedException unauthorized) {
        throw new CompletionException(notPermitted(qualifiedName, unauthorized));
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

  static String tableDdl(String name, Duration ttl) {
    // Time-window compaction: every row expires by TTL, so whole SSTables drop at once.
    return "CREATE TABLE IF NOT EXISTS " + name + " (sink_id text, epoch text, shard int, seq bigint, "
        + "committed_at timestamp, " + FINGERPRINT + " bigint, PRIMARY KEY ((sink_id, epoch, shard), seq)) "
        + "WITH default_time_to_live = " + ttl.toSeconds() + " AND compaction = {'class': 'TimeWindowCompactionStrategy', "
        + "'compaction_window_unit': 'DAYS', 'compaction_window_size': 1}";
  }

  /** 'class' first, then the other entries sorted: the same DDL (and error message) for the same map. */
  static String replicationCql(Map<String, String> replication) {
    return replication.entrySet().stream()
        .sorted(java.util.Comparator.<Map.Entry<String, String>, Boolean>comparing(e -> !"class".equals(e.getKey()))
            .thenComparing(Map.Entry::getKey))
        .map(e -> "'" + e.getKey().replace("'", "''") + "': '" + e.getValue().replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** Every datacenter the driver sees, each at min(3, its nodes). */
  static Map<String, String> defaultReplication(CqlSession session) {
    Map<String, Long> nodesPerDc = session.getMetadata().getNodes().values().stream()
        .filter(n -> n.getDatacenter() != null)
        .collect(Collectors.groupingBy(Node::getDatacenter, Collectors.counting()));
    Map<String, String> replication = new java.util.LinkedHashMap<>();
    replication.put("class", "NetworkTopologyStrategy");
    nodesPerDc.forEach((dc, nodes) -> replication.put(dc, Long.toString(Math.min(3, nodes))));
    return replication;
  }
}
